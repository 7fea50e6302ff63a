import SegmentModel

/// Generates realistic observations in the data contract for one scenario, deterministically per seed.
///
/// Each customer is observed once a week (on a weekday fixed per customer), so every day carries about a seventh of
/// the population. Customers have a latent segment that moves over time (long-tenured acquirers drift to optimizer,
/// builders graduate), a blend with the other segments and a personal activity level, so classes overlap and a good
/// model lands around 85–92% accuracy. About 70% of rows are labelled, with a few percent label noise.
public struct Simulator: Sendable {
    public let spec: SimulationSpec
    /// Digits of the zero-padded customer ids (at least 6), fixed per simulation.
    let idWidth: Int
    public static let schema = SegmentSchema.standard

    public init(spec: SimulationSpec) {
        self.spec = spec
        idWidth = max(6, String(spec.customers).count)
    }

    /// A customer's latent segment moving: the ground truth the segment tracking is judged against.
    public struct Switch: Sendable, Equatable {
        public let customerID: String
        public let day: Day
        public let from: Int
        public let to: Int
    }

    /// Calls `emit` for every row, in `as_of` order, then customer order; `switched` for every latent segment move
    /// (on the day of the observation that shows it).
    public func generate(_ emit: (Observation) throws -> Void, switched: ((Switch) -> Void)? = nil) rethrows {
        var customers = [SimulatedCustomer]()
        var streams = [RandomSource]()
        // Label delays draw from a stream of their own, so the rows are the same with or without them.
        var delays = RandomSource(seed: spec.seed ^ 0x4C41_4245_4C44_4C59)
        customers.reserveCapacity(spec.customers)
        for i in 0..<spec.customers {
            var random = RandomSource(seed: spec.seed, stream: UInt64(i))
            let segment = random.choose(weights: [0.35, 0.35, 0.30])
            customers.append(SimulatedCustomer(segment: segment, random: &random))
            streams.append(random)
        }
        for offset in 0..<spec.days {
            let day = spec.start + offset
            for i in stride(from: offset % 7, to: spec.customers, by: 7) {
                let before = customers[i].segment
                var observation = observe(customer: &customers[i], random: &streams[i], id: i, day: day)
                if let switched, customers[i].segment != before {
                    switched(Switch(customerID: observation.customerID, day: day, from: before, to: customers[i].segment))
                }
                if let delay = spec.labelDelay, observation.label != nil {
                    let lag = delay.lowerBound + Int(delays.next() % UInt64(delay.count))
                    observation = Observation(customerID: observation.customerID, asOf: day, features: observation.features,
                                              label: observation.label, labelledOn: day + lag)
                }
                try emit(observation)
            }
        }
    }

    /// Weekly transition probabilities from `segment`, as [to acquirer, to builder, to optimizer].
    ///
    /// Migration is a wave: for three weeks after the change day acquirers convert to builders and builders
    /// graduate several times faster than usual, then movement settles at a brisker pace than before.
    func transitions(from segment: Int, tenure: Double, day: Day) -> [Double] {
        let daysSinceChange = day - spec.changeDay
        let migrating = spec.scenario == .migration && daysSinceChange >= 0
        let wave = migrating && daysSinceChange < 21
        switch segment {
        case 0:
            let toOptimizer = (tenure > 720 ? 0.01 : 0.002) + (wave ? 0.03 : 0)
            return [0, wave ? 0.3 : (migrating ? 0.03 : 0.004), toOptimizer]
        case 1:
            return [0.001, 0, wave ? 0.12 : (migrating ? 0.02 : 0.006)]
        default:
            return [0, 0.003, 0]
        }
    }

    func observe(customer c: inout SimulatedCustomer, random: inout RandomSource, id: Int, day: Day) -> Observation {
        let changed = day >= spec.changeDay
        let tenure = c.tenureAtStart + Double(day - spec.start)
        let moves = transitions(from: c.segment, tenure: tenure, day: day)
        let roll = random.uniform()
        var cumulative = 0.0
        for (target, p) in moves.enumerated() where p > 0 {
            cumulative += p
            if roll < cumulative {
                c.move(to: target, random: &random)
                break
            }
        }

        let w = c.weights, u = c.intensity
        // Concept drift: builders take up acquirers' credit-access behaviour.
        let accessWeights = changed && spec.scenario == .concept && c.segment == 1 ? [0.95, 0, 0] : w
        func events(_ levels: [Double], _ weights: [Double] = w, scale: Double = u) -> Double {
            Double(random.poisson(scale * SegmentProfile.blend(levels, weights)))
        }
        func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { min(hi, max(lo, v)) }
        func round4(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }

        var features = [Double]()
        features.reserveCapacity(12)
        features.append(events(SegmentProfile.creditAccessSessions, accessWeights))
        features.append(events(SegmentProfile.applicationsSubmitted, accessWeights))
        var monitoring = events(SegmentProfile.monitoringSessions)
        features.append(events(SegmentProfile.scoreSimulatorRuns))
        features.append(events(SegmentProfile.builderProductPayments, scale: u.squareRoot()))
        features.append(max(0, (c.openLinesBase + random.normal(sd: 0.3)).rounded()))
        var utilization = round4(clamp(c.utilizationBase + random.normal(sd: 0.05), 0, 1.5))
        features.append(round4(clamp(c.onTimeBase + random.normal(sd: 0.03), 0, 1)))
        features.append(clamp((c.creditScoreBase + random.normal(sd: 6)).rounded(), 300, 850))
        features.append(events(SegmentProfile.balanceTransferViews))
        let email = c.emailBase + SegmentProfile.blend(SegmentProfile.emailEngagementRate, w) - 0.15
        features.append(round4(clamp(email + random.normal(sd: 0.05), 0, 1)))
        features.append(tenure.rounded())
        if changed && spec.scenario == .brokenFeed {
            utilization = round4(utilization * 100)  // the feed now reports percent
            monitoring = 0  // the feed is dead
        }
        if spec.proxy && Simulator.group(seed: spec.seed, customer: id) == 1 {
            features[6] = max(300, features[6] - 100)  // credit_score (before the two insertions below)
            features[9] = (features[9] * 0.4).rounded()  // tenure_days
        }
        features.insert(monitoring, at: 2)
        features.insert(utilization, at: 6)

        var label: Int32?
        if random.bernoulli(spec.labelledShare) {
            var observed = c.segment
            if random.bernoulli(spec.labelNoise) { observed = (observed + 1 + (random.bernoulli(0.5) ? 1 : 0)) % 3 }
            label = Int32(observed)
        }
        return Observation(customerID: customerID(id), asOf: day, features: features, label: label)
    }
}

import Crypto
import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Which content a customer gets today under the configured treatment policy — and with which probability, logged,
/// so `weighted` and `dominant_probe` can be compared later from the log (inverse propensity weighting).
///
/// Outside the transition zone both policies show the confirmed segment's content. Inside it (top probability below
/// `zone_top_probability`, margin below `zone_margin`, or an open transition flag): `weighted` mixes the contents by
/// the probabilities; `dominant_probe` shows the confirmed segment's content, except on one day per
/// `probe_period_days`, chosen per customer by hash, when it shows the runner-up's.
public struct Treatment: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public struct Decision: Sendable, Codable, Equatable {
        public let customerID: String
        public let day: Day
        public let policy: String
        public let inZone: Bool
        /// Why the customer is in the zone (empty outside it).
        public let zoneReasons: [String]
        /// Content weights by segment (sum 1).
        public let weights: [String: Double]
        /// The single content shown today (`dominant_probe`, or outside the zone); nil for a weighted mix.
        public let shown: String?
        /// The probability the policy gives today's choice (for `weighted`, the weights themselves).
        public let propensity: Double
        public let probeDay: Day?
        public let modelVersion: Int?

        enum CodingKeys: String, CodingKey {
            case day, policy, weights, shown, propensity
            case customerID = "customer_id"
            case inZone = "in_zone"
            case zoneReasons = "zone_reasons"
            case probeDay = "probe_day"
            case modelVersion = "model_version"
        }
    }

    /// Decides for `customerID` on `day` and logs the decision.
    public func decide(_ customerID: String, on day: Day, at date: Date) throws -> Decision {
        let profile = try CustomerProfile.load(customerID, database: database, config: config)
        guard let latest = profile.latest else { throw SegmentsError.unknownCustomer(customerID) }
        let t = config.segments.treatment
        let ranked = latest.probabilities.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let top = ranked[0], second = ranked.count > 1 ? ranked[1] : ranked[0]
        var reasons = [String]()
        if top.value < t.zoneTopProbability { reasons.append("top probability \(fmt(top.value)) < \(fmt(t.zoneTopProbability))") }
        if top.value - second.value < t.zoneMargin { reasons.append("margin \(fmt(top.value - second.value)) < \(fmt(t.zoneMargin))") }
        if let flag = profile.flags.first { reasons.append("transition toward \(flag.toward) open") }
        let dominant = profile.segment ?? top.key
        let runnerUp = profile.flags.first?.toward ?? (dominant == top.key ? second.key : top.key)
        var weights = Dictionary(uniqueKeysWithValues: latest.probabilities.keys.map { ($0, 0.0) })
        var shown: String? = dominant
        var propensity = 1.0
        var probe: Day?
        if reasons.isEmpty {
            weights[dominant] = 1
        } else if t.policy == .weighted {
            weights = latest.probabilities
            shown = nil
            propensity = latest.probabilities[dominant] ?? 0
        } else {
            let period = t.probePeriodDays
            let start = Day(index: (day.index / period) * period)
            let probeDay = start + Treatment.offset(customerID, period: start.index / period, modulo: period)
            let p = 1 / Double(period)
            weights[dominant] = 1 - p
            weights[runnerUp] = p
            shown = day == probeDay ? runnerUp : dominant
            propensity = day == probeDay ? p : 1 - p
            probe = probeDay
        }
        let decision = Decision(customerID: customerID, day: day, policy: t.policy.rawValue, inZone: !reasons.isEmpty,
                                zoneReasons: reasons, weights: weights, shown: shown, propensity: propensity,
                                probeDay: probe, modelVersion: latest.version)
        try log(decision, at: date)
        return decision
    }

    /// A deterministic day offset per customer and period (SHA-256 of both), uniform over the period.
    static func offset(_ customerID: String, period: Int, modulo: Int) -> Int {
        let digest = Array(SHA256.hash(data: Data("\(customerID)\u{0}\(period)".utf8)))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(modulo))
    }

    func log(_ d: Decision, at date: Date) throws {
        let weights = d.weights.keys.sorted().map { "\(ScoreLine.quote($0)):\(d.weights[$0]!)" }.joined(separator: ",")
        try database.write { db in
            try db.run("""
                INSERT INTO treatment_log (at, customer_id, policy, in_zone, shown, weights, propensity, model_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [Timestamp.format(date), d.customerID, d.policy, d.inZone, d.shown ?? "mix",
                                 "{\(weights)}", d.propensity, d.modelVersion])
        }
    }

    func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
}

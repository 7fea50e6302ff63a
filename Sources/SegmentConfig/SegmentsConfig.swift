/// Confirmed segments, the change feed and treatment in the transition zone (`segment_tracking:` in `segmentops.yaml`).
public struct SegmentsConfig: Sendable, Equatable {
    /// A new customer is provisional until this many observations have been scored.
    public var provisionalObservations = 2
    /// CUSUM drift allowance k subtracted from each observation's log-odds (noise below it never accumulates).
    public var allowance = 1.0
    /// `segment.transition_started` when the evidence for a runner-up reaches this…
    public var flagThreshold = 1.5
    /// …and `segment.changed` when it reaches this.
    public var confirmThreshold = 3.0
    /// A night that would change more than this share of confirmed customers is held (SegmentChangeStorm).
    public var stormShare = 0.05
    /// SegmentChurnHigh: confirmed weekly churn above this share while the segment-mix PSI is below 0.1.
    public var churnAlertShare = 0.05
    public var feed = FeedConfig()
    public var treatment = TreatmentConfig()
    public init() {}
}

/// Where segment events go: webhook destinations, in NDJSON batches through the durable outbox.
public struct FeedConfig: Sendable, Equatable {
    /// Events per delivery (one NDJSON body).
    public var batchSize = 500
    /// CloudEvents `source`.
    public var source = "urn:segmentops:segments"
    public var destinations: [FeedDestination] = []
    public init() {}
}

/// One downstream tool receiving the change feed (email platform, CRM, agent screen).
public struct FeedDestination: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var url: String
    /// Standard Webhooks secret (`whsec_…`); unsigned without one.
    public var secret: Secret?

    public init(name: String, url: String, secret: Secret? = nil) {
        self.name = name
        self.url = url
        self.secret = secret
    }

    public var description: String { "\(name) → \(url)" }
}

/// Content weights in the transition zone, an open question of the business: the log lets the two policies be
/// compared later.
public struct TreatmentConfig: Sendable, Equatable {
    public enum Policy: String, Sendable, CaseIterable {
        /// Content weighted by the segment probabilities.
        case weighted
        /// The dominant segment's content, plus one probe of the runner-up's per period, on a day chosen per customer.
        case dominantProbe = "dominant_probe"
    }

    public var policy = Policy.weighted
    /// In the zone when the top probability is below this…
    public var zoneTopProbability = 0.6
    /// …or the margin to the runner-up is below this (or a transition flag is open).
    public var zoneMargin = 0.2
    public var probePeriodDays = 30
    public init() {}
}

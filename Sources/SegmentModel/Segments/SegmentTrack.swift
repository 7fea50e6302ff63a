/// One customer's confirmed segment and the evidence behind it (see `SegmentEvidence`).
public struct SegmentTrack: Sendable, Equatable {
    /// The confirmed segment, nil while the customer is provisional.
    public var confirmed: Int?
    /// The observation day the confirmed segment was confirmed on.
    public var since: Day?
    /// Observations scored so far.
    public var observations: Int
    /// Confirmed: the CUSUM statistic of each segment against the confirmed one (0 for the confirmed one).
    /// Provisional: the summed log-probability of each segment.
    public var evidence: [Double]
    /// The runner-up with an open transition flag, and the day it opened.
    public var flag: Int?
    public var flagSince: Day?

    public init(confirmed: Int?, since: Day?, observations: Int, evidence: [Double], flag: Int?, flagSince: Day?) {
        self.confirmed = confirmed
        self.since = since
        self.observations = observations
        self.evidence = evidence
        self.flag = flag
        self.flagSince = flagSince
    }

    /// A customer never seen before.
    public static func new(segments: Int) -> SegmentTrack {
        SegmentTrack(confirmed: nil, since: nil, observations: 0, evidence: [Double](repeating: 0, count: segments),
                     flag: nil, flagSince: nil)
    }

    /// The strongest runner-up and its evidence (confirmed customers).
    public var runnerUp: (segment: Int, evidence: Double)? {
        guard let confirmed else { return nil }
        var best: (Int, Double)?
        for (s, e) in evidence.enumerated() where s != confirmed && e > (best?.1 ?? -1) { best = (s, e) }
        return best.map { (segment: $0.0, evidence: $0.1) }
    }
}

/// What a deployment measures and predicts: its feature list, its segment list and which mistakes count as harm.
///
/// Configuration, not code: the default declares the twelve behavioural features and the three segments of the
/// consumer-credit deployment; another deployment declares its own.
public struct SegmentSchema: Sendable, Equatable, Codable {
    public let features: [String]
    public let segments: [String]
    /// (true, predicted) segment names whose confusion is harmful.
    public let harmPairs: [[String]]

    enum CodingKeys: String, CodingKey {
        case features, segments
        case harmPairs = "harm_pairs"
    }

    public init(features: [String], segments: [String], harmPairs: [[String]]) {
        self.features = features
        self.segments = segments
        self.harmPairs = harmPairs
    }

    public static let standardFeatures = [
        "credit_access_sessions", "applications_submitted", "monitoring_sessions", "score_simulator_runs",
        "builder_product_payments", "open_credit_lines", "utilization_ratio", "on_time_payment_rate",
        "credit_score", "balance_transfer_views", "email_engagement_rate", "tenure_days",
    ]
    public static let standardSegments = ["acquirer", "builder", "optimizer"]
    public static let standardHarmPairs = [["builder", "acquirer"], ["optimizer", "acquirer"]]

    public static let standard = SegmentSchema(features: standardFeatures, segments: standardSegments,
                                               harmPairs: standardHarmPairs)

    public func segmentIndex(_ name: some StringProtocol) -> Int? { segments.firstIndex { $0 == name } }
    public func featureIndex(_ name: some StringProtocol) -> Int? { features.firstIndex { $0 == name } }

    /// Harm pairs as indices; pairs naming unknown segments are dropped (configuration validation rejects them).
    public var harmPairIndices: Set<SegmentPair> {
        Set(harmPairs.compactMap { pair in
            guard pair.count == 2, let t = segmentIndex(pair[0]), let p = segmentIndex(pair[1]) else { return nil }
            return SegmentPair(truth: t, predicted: p)
        })
    }
}

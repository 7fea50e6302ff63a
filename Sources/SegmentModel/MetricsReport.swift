/// Classification metrics keyed by segment name, the shape stored in artifacts and printed by `--json`.
public struct MetricsReport: Sendable, Equatable, Codable {
    public let n: Int
    public let accuracy: Double
    public let logLoss: Double
    public let harmRate: Double
    public let harmCount: Int
    public let precision: [String: Double]
    public let recall: [String: Double]
    public let support: [String: Int]
    /// `confusion[true][predicted]`.
    public let confusion: [String: [String: Int]]

    enum CodingKeys: String, CodingKey {
        case n, accuracy, precision, recall, support, confusion
        case logLoss = "log_loss"
        case harmRate = "harm_rate"
        case harmCount = "harm_count"
    }

    public init(_ metrics: ClassificationMetrics, segments: [String]) {
        n = metrics.n
        accuracy = metrics.accuracy
        logLoss = metrics.logLoss
        harmRate = metrics.harmRate
        harmCount = metrics.harmCount
        precision = Dictionary(uniqueKeysWithValues: zip(segments, metrics.precision))
        recall = Dictionary(uniqueKeysWithValues: zip(segments, metrics.recall))
        support = Dictionary(uniqueKeysWithValues: zip(segments, metrics.support))
        var confusion = [String: [String: Int]]()
        for (t, truth) in segments.enumerated() {
            confusion[truth] = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, metrics.confusion[t][$0]) })
        }
        self.confusion = confusion
    }

    /// Back to index form, in `segments` order.
    public func classificationMetrics(segments: [String], harmPairs: Set<SegmentPair>) -> ClassificationMetrics {
        let matrix = segments.map { t in segments.map { p in confusion[t]?[p] ?? 0 } }
        return ClassificationMetrics(confusion: matrix, logLossSum: logLoss * Double(n), harmPairs: harmPairs)
    }
}

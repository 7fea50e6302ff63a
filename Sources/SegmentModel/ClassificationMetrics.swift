/// Holdout or realised metrics of a segment model on labelled rows.
///
/// `confusion[t][p]` counts rows whose true segment is t and predicted segment is p. The harm rate is the share of
/// rows whose (true, predicted) pair is one of the configured harm pairs — by default builders or optimizers
/// predicted as acquirers, who would be shown credit-access offers they do not need.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    public let n: Int
    public let correct: Int
    public let accuracy: Double
    public let logLoss: Double
    public let precision: [Double]
    public let recall: [Double]
    /// Rows per true segment (the recall denominators).
    public let support: [Int]
    public let confusion: [[Int]]
    public let harmCount: Int
    public let harmRate: Double

    enum CodingKeys: String, CodingKey {
        case n, correct, accuracy, precision, recall, support, confusion
        case logLoss = "log_loss"
        case harmCount = "harm_count"
        case harmRate = "harm_rate"
    }

    /// - Parameters:
    ///   - labels: true segment index per row.
    ///   - probabilities: row-major `rows × segments` probabilities.
    ///   - segments: number of segments.
    ///   - harmPairs: (true, predicted) index pairs that count as harm.
    public init(labels: [Int32], probabilities: [Double], segments k: Int, harmPairs: Set<SegmentPair>) {
        precondition(probabilities.count == labels.count * k)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var loss = 0.0
        for r in labels.indices {
            let base = r * k
            var best = 0
            for c in 1..<k where probabilities[base + c] > probabilities[base + best] { best = c }
            let t = Int(labels[r])
            confusion[t][best] += 1
            loss -= probabilities[base + t].clampedLog
        }
        self.init(confusion: confusion, logLossSum: loss, harmPairs: harmPairs)
    }

    /// Builds the metrics from a confusion matrix and the summed log-loss.
    public init(confusion: [[Int]], logLossSum: Double, harmPairs: Set<SegmentPair>) {
        let k = confusion.count
        let n = confusion.reduce(0) { $0 + $1.reduce(0, +) }
        let correct = (0..<k).reduce(0) { $0 + confusion[$1][$1] }
        let support = confusion.map { $0.reduce(0, +) }
        let predicted = (0..<k).map { p in confusion.reduce(0) { $0 + $1[p] } }
        let harm = harmPairs.reduce(0) { total, pair in
            pair.truth < k && pair.predicted < k ? total + confusion[pair.truth][pair.predicted] : total
        }
        self.n = n
        self.correct = correct
        self.accuracy = n > 0 ? Double(correct) / Double(n) : 0
        self.logLoss = n > 0 ? logLossSum / Double(n) : 0
        self.precision = (0..<k).map { predicted[$0] > 0 ? Double(confusion[$0][$0]) / Double(predicted[$0]) : 0 }
        self.recall = (0..<k).map { support[$0] > 0 ? Double(confusion[$0][$0]) / Double(support[$0]) : 0 }
        self.support = support
        self.confusion = confusion
        self.harmCount = harm
        self.harmRate = n > 0 ? Double(harm) / Double(n) : 0
    }
}

/// A (true segment, predicted segment) pair of indices.
public struct SegmentPair: Sendable, Hashable, Codable {
    public let truth: Int
    public let predicted: Int
    public init(truth: Int, predicted: Int) {
        self.truth = truth
        self.predicted = predicted
    }
}

import SegmentModel

/// Model drift: a version's realised metrics on labelled rows it was not trained on, with 95% Wilson intervals,
/// the decay from its holdout accuracy and the misclassification guardrails.
public struct EvaluationReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// Fewer labelled rows than `min_labelled`: no decay or guardrail verdict.
        case insufficientData = "insufficient_data"
    }

    /// Why a guardrail tripped, with the figures behind it.
    public struct Reason: Sendable, Equatable, Codable {
        /// `harm_rate`, `recall` or `accuracy_decay`.
        public let kind: String
        public let segment: String?
        public let value: Double
        /// The interval bound compared with the threshold.
        public let bound: Double
        public let threshold: Double
        public let message: String
    }

    public struct Guardrail: Sendable, Equatable, Codable {
        public let tripped: Bool
        /// `ok`, `tripped`, or `inconclusive` (too few labels to judge).
        public let status: String
        public let reasons: [Reason]
    }

    public let version: Int
    public let asOf: Day
    public let window: DayRange
    public let status: Status
    public let n: Int
    public let minLabelled: Int
    public let accuracy: Double
    public let accuracyCI: [Double]
    public let baselineAccuracy: Double
    public let decay: Double
    public let decaySignificant: Bool
    public let tolerance: Double
    public let logLoss: Double
    public let harmRate: Double
    public let harmRateCI: [Double]
    public let recall: [String: Double]
    public let recallCI: [String: [Double]]
    public let support: [String: Int]
    public let confusion: [String: [String: Int]]
    public let guardrail: Guardrail

    enum CodingKeys: String, CodingKey {
        case version, window, status, n, accuracy, decay, tolerance, recall, support, confusion, guardrail
        case asOf = "as_of"
        case minLabelled = "min_labelled"
        case accuracyCI = "accuracy_ci"
        case baselineAccuracy = "baseline_accuracy"
        case decaySignificant = "decay_significant"
        case logLoss = "log_loss"
        case harmRate = "harm_rate"
        case harmRateCI = "harm_rate_ci"
        case recallCI = "recall_ci"
    }
}

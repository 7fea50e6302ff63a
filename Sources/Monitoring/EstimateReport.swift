import SegmentModel

/// The label-free performance estimate of a version on the current window's rows whose labels are not known yet
/// (see `PerformanceEstimate`), against its holdout accuracy.
public struct EstimateReport: Sendable, Equatable, Codable {
    public let version: Int
    public let asOf: Day
    public let window: DayRange
    public let status: EvaluationReport.Status
    public let estimate: PerformanceEstimate
    public let baselineAccuracy: Double
    /// Baseline − expected accuracy.
    public let drop: Double
    /// The estimate's upper bound is below baseline − tolerance (with at least `min_rows` rows).
    public let dropSignificant: Bool
    public let tolerance: Double

    enum CodingKeys: String, CodingKey {
        case version, window, status, estimate, drop, tolerance
        case asOf = "as_of"
        case baselineAccuracy = "baseline_accuracy"
        case dropSignificant = "drop_significant"
    }

    public init(version: Int, asOf: Day, window: DayRange, estimate: PerformanceEstimate, baselineAccuracy: Double,
                tolerance: Double, minRows: Int) {
        self.version = version
        self.asOf = asOf
        self.window = window
        self.estimate = estimate
        self.baselineAccuracy = baselineAccuracy
        self.tolerance = tolerance
        status = estimate.n >= minRows ? .ok : .insufficientData
        drop = baselineAccuracy - estimate.expectedAccuracy
        dropSignificant = status == .ok && estimate.accuracyCI[1] < baselineAccuracy - tolerance
    }
}

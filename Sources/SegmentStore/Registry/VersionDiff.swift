import SegmentModel

/// Two versions side by side: metric deltas, coefficient deltas (standardised features), windows and data.
/// `registry diff` prints it; the console's diff page shows what differs.
public struct VersionDiff: Sendable, Encodable {
    public struct Delta: Sendable, Encodable, Equatable {
        public let base: Double
        public let other: Double
        public let delta: Double
    }

    public struct DataDiff: Sendable, Encodable {
        public let baseWindow: DayRange
        public let otherWindow: DayRange
        public let overlapDays: Int
        public let baseTrainRows: Int
        public let otherTrainRows: Int
        public let sameData: Bool
        public let sameConfig: Bool
        enum CodingKeys: String, CodingKey {
            case baseWindow = "base_window"
            case otherWindow = "other_window"
            case overlapDays = "overlap_days"
            case baseTrainRows = "base_train_rows"
            case otherTrainRows = "other_train_rows"
            case sameData = "same_data"
            case sameConfig = "same_config"
        }
    }

    public let base: Int
    public let other: Int
    public let metrics: [String: Delta]
    public let coefficients: [String: [String: Delta]]
    public let data: DataDiff
    /// Feature and segment order of the base version (for printing).
    public let features: [String]
    public let segments: [String]

    enum CodingKeys: String, CodingKey { case base, other, metrics, coefficients, data }

    public init(registry: ModelRegistry, base: Int, other: Int) throws {
        let a = try registry.artifact(base), b = try registry.artifact(other)
        func delta(_ x: Double, _ y: Double) -> Delta { .init(base: x, other: y, delta: y - x) }
        var metrics: [String: Delta] = [
            "accuracy": delta(a.metrics.accuracy, b.metrics.accuracy),
            "log_loss": delta(a.metrics.logLoss, b.metrics.logLoss),
            "harm_rate": delta(a.metrics.harmRate, b.metrics.harmRate),
        ]
        for s in a.segments {
            metrics["recall.\(s)"] = delta(a.metrics.recall[s] ?? 0, b.metrics.recall[s] ?? 0)
            metrics["precision.\(s)"] = delta(a.metrics.precision[s] ?? 0, b.metrics.precision[s] ?? 0)
        }
        var coefficients = [String: [String: Delta]]()
        for s in a.segments {
            for f in Set(a.features).union(b.features) {
                coefficients[s, default: [:]][f] = delta(a.coefficients[s]?[f] ?? 0, b.coefficients[s]?[f] ?? 0)
            }
        }
        let wa = a.training.window, wb = b.training.window
        self.base = base
        self.other = other
        self.metrics = metrics
        self.coefficients = coefficients
        features = a.features + b.features.filter { !a.features.contains($0) }
        segments = a.segments
        data = DataDiff(baseWindow: wa, otherWindow: wb, overlapDays: max(0, min(wa.to, wb.to) - max(wa.from, wb.from) + 1),
                        baseTrainRows: a.training.trainRows, otherTrainRows: b.training.trainRows,
                        sameData: a.training.fingerprint == b.training.fingerprint,
                        sameConfig: try registry.configSnapshot(base) == registry.configSnapshot(other))
    }
}

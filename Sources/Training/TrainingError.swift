import SegmentModel

/// Why a version could not be trained; nothing was registered.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case emptyWindow(part: String, range: DayRange, dataRange: DayRange?)
    case missingSegment(segment: String, range: DayRange)
    case notConverged(iterations: Int, gradient: Double)

    public var description: String {
        switch self {
        case .emptyWindow(let part, let range, let data):
            "no labelled rows in the \(part) window \(range.from)…\(range.to); "
                + (data.map { "labelled data covers \($0.from)…\($0.to) — choose an --as-of inside it" }
                    ?? "there is no labelled data yet — ingest observations first")
        case .missingSegment(let segment, let range):
            "no labelled '\(segment)' rows in the train window \(range.from)…\(range.to); every segment needs examples"
        case .notConverged(let iterations, let gradient):
            "the optimiser did not converge in \(iterations) iterations (gradient \(gradient)); raise training.max_iterations"
        }
    }
}

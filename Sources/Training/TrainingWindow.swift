import SegmentModel

/// The window rule: `train --as-of T` uses labelled rows with `as_of` in the `windowDays` days ending at T
/// inclusive (or at the label horizon when labels arrive late); the last `holdoutDays` of them are held out and
/// never trained on.
public struct TrainingWindow: Sendable, Equatable, Codable {
    public let asOf: Day
    public let window: DayRange
    public let train: DayRange
    public let holdout: DayRange

    public init(asOf: Day, windowDays: Int, holdoutDays: Int) {
        precondition(holdoutDays >= 1 && holdoutDays < windowDays)
        self.asOf = asOf
        window = DayRange(ending: asOf, length: windowDays)
        holdout = DayRange(ending: asOf, length: holdoutDays)
        train = DayRange(from: window.from, to: holdout.from - 1)
    }
}

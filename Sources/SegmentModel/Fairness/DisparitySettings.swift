/// Thresholds of the adverse-impact test.
public struct DisparitySettings: Sendable, Equatable {
    /// The four-fifths rule.
    public var airThreshold = 0.8
    /// Significance level (Holm-adjusted across cells).
    public var alpha = 0.05
    /// Smaller groups (effective size) are not judged.
    public var minGroupSize = 100.0
    /// A ratio this much worse than production's, significantly, fails.
    public var worsening = 0.05
    /// The thresholded column of probability-valued attributes.
    public var probabilityThreshold = 0.8
    /// The power at which `detectable_air` is computed.
    public var power = 0.8

    public init() {}
}

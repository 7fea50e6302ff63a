/// How versions are trained: the window rule and the optimiser.
public struct TrainingConfig: Sendable, Equatable {
    /// Labelled rows with `as_of` in the `window_days` days ending at T are used…
    public var windowDays = 60
    /// …of which the last `holdout_days` are held out and never trained on.
    public var holdoutDays = 7
    /// L2 penalty on the summed log-loss (scikit-learn's 1/C).
    public var l2 = 1.0
    public var maxIterations = 1000
    public var gradientTolerance = 1e-6
    /// Features the nightly models may not use (e.g. proxies the fairness audit flagged): kept in the data and the
    /// drift monitors, held at zero weight in the model.
    public var excludeFeatures: [String] = []

    public init() {}
}

/// Drift and model-drift monitors.
public struct MonitoringConfig: Sendable, Equatable {
    /// The current window: observations with `as_of` in the days ending at T.
    public var monitorWindowDays = 7
    /// Fewer rows than this in the window: drift status `insufficient_data`.
    public var minRows = 500
    /// Fewer labelled rows than this: no accuracy-decay or guardrail verdict.
    public var minLabelled = 300
    /// A segment's recall is judged only with at least this many labelled rows of it.
    public var minSegmentLabelled = 30
    public var psi = PSIThresholdsConfig()
    /// Per-feature PSI bands for features that drift by construction (tenure grows every day).
    public var featurePSI: [String: PSIThresholdsConfig] = ["tenure_days": PSIThresholdsConfig(warning: 1.0, critical: 2.5)]
    /// Accuracy decay is significant when the Wilson upper bound is below baseline − tolerance.
    public var accuracyTolerance = 0.05
    /// Guardrail: Wilson lower bound of the harm rate above this trips.
    public var maxHarmRate = 0.08
    /// Guardrail: a segment's recall upper bound below this trips.
    public var minRecall = 0.6
    /// ObservationsStale: no observation newer than this many days before T.
    public var observationsStaleDays = 2
    /// LabelsStale: no labelled observation newer than this many days before T.
    public var labelsStaleDays = 14

    public init() {}

    /// The PSI bands for `feature` (its override, else the defaults).
    public func thresholds(for feature: String) -> PSIThresholdsConfig { featurePSI[feature] ?? psi }
}

/// The two PSI thresholds (configuration form of `PSIThresholds`).
public struct PSIThresholdsConfig: Sendable, Equatable {
    public var warning = 0.1
    public var critical = 0.25
    public init() {}
    public init(warning: Double, critical: Double) {
        self.warning = warning
        self.critical = critical
    }
}

import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Runs the monitors against the store and records every run in the monitor history.
public struct Monitors: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    var registry: ModelRegistry { ModelRegistry(database: database) }
    var observations: ObservationStore { ObservationStore(database: database) }

    /// The monitored version: the one asked for, else production, else the newest.
    public func resolveVersion(_ version: Int?) throws -> Int {
        if let version { return try registry.version(version).version }
        guard let v = try registry.productionOrLatest() else { throw StoreError.noVersions }
        return v.version
    }

    /// The current window ending at `asOf`.
    public func window(asOf: Day) -> DayRange { DayRange(ending: asOf, length: config.monitoring.monitorWindowDays) }

    public func drift(asOf: Day, version: Int?) throws -> DriftReport {
        let v = try resolveVersion(version)
        let artifact = try registry.artifact(v)
        let window = window(asOf: asOf)
        let rows = try observations.load(window)
        let matrix = FeatureMatrix(columns: rows.featureCount, values: rows.features)
        let firstOfDay = rows.days.firstIndex { $0 == asOf } ?? rows.count
        let day = FeatureMatrix(columns: rows.featureCount, values: Array(rows.features[(firstOfDay * rows.featureCount)...]))
        return DriftCalculator(monitoring: config.monitoring)
            .report(version: v, asOf: asOf, window: window, reference: artifact.reference, model: try artifact.model(),
                    current: matrix, latestDay: day)
    }

    /// The window evaluations judge on for decisions on day `asOf`: `monitor_window_days` days ending at the label
    /// horizon (`asOf` itself unless labels arrive late), counting only labels known by `asOf`.
    public func evaluationWindow(asOf: Day) throws -> DayRange {
        let m = config.monitoring
        let end = try observations.labelHorizon(asOf: asOf, windowDays: m.monitorWindowDays, minLabelled: m.minLabelled)
        return DayRange(ending: end, length: m.monitorWindowDays)
    }

    public func evaluate(asOf: Day, version: Int?) throws -> EvaluationReport {
        let v = try resolveVersion(version)
        let artifact = try registry.artifact(v)
        let window = try evaluationWindow(asOf: asOf)
        let trained = artifact.training.trainWindow
        let data = try observations.loadLabelled(window, excluding: trained, knownBy: asOf)
        return Evaluator(monitoring: config.monitoring)
            .report(version: v, asOf: asOf, window: window, model: try artifact.model(),
                    baselineAccuracy: artifact.metrics.accuracy, data: data,
                    harmPairs: config.schema.harmPairIndices)
    }

    /// The label-free estimate on the current window's rows whose labels are not known by `asOf`.
    public func estimate(asOf: Day, version: Int?) throws -> EstimateReport {
        let v = try resolveVersion(version)
        let artifact = try registry.artifact(v)
        let window = window(asOf: asOf)
        let rows = try observations.load(window, knownBy: asOf)
        let unlabelled = (0..<rows.count).filter { rows.labels[$0] == LabelledData.unlabelled }
        let matrix = FeatureMatrix(columns: rows.featureCount, values: []).appending(rows: unlabelled, of: rows)
        let model = try artifact.model()
        let harm = config.schema.harmPairIndices
        // Calibrated on the version's own holdout, with the labels it was measured on.
        let holdout = try observations.loadLabelled(artifact.training.holdoutWindow, knownBy: artifact.training.labelsKnownBy)
        let calibration = ConfidenceCalibration(probabilities: model.probabilities(holdout.features), labels: holdout.labels,
                                                segments: model.segments.count, harmPairs: harm)
        let estimate = PerformanceEstimate(probabilities: model.probabilities(matrix), segments: model.segments.count,
                                           harmPairs: harm, calibration: calibration)
        return EstimateReport(version: v, asOf: asOf, window: window, estimate: estimate,
                              baselineAccuracy: artifact.metrics.accuracy, tolerance: config.monitoring.accuracyTolerance,
                              minRows: config.monitoring.minLabelled)
    }

    public func freshness(asOf: Day) throws -> FreshnessReport {
        // Only what had arrived by T counts (replays ingest day by day; a backfill may hold later rows).
        let rows = try observations.latestDay(onOrBefore: asOf, labelled: false)
        let labels = try observations.latestDay(onOrBefore: asOf, labelled: true)
        return FreshnessReport(asOf: asOf, latestObservation: rows, latestLabel: labels,
                               observationsStaleDays: config.monitoring.observationsStaleDays,
                               labelsStaleDays: config.monitoring.labelsStaleDays)
    }

    /// Runs drift, evaluation and freshness once for `asOf` and records them.
    public func runAll(asOf: Day, version: Int?, at date: Date) throws -> MonitorSummary {
        let history = MonitorRunStore(database: database)
        let freshness = try freshness(asOf: asOf)
        try history.record(kind: "freshness", asOf: asOf, version: nil,
                           status: freshness.observationsStale || freshness.labelsStale ? "stale" : "ok",
                           figures: try JSONValue(encoding: freshness), at: date)
        guard let v = try? resolveVersion(version) else {
            return MonitorSummary(asOf: asOf, version: nil, drift: nil, evaluation: nil, estimate: nil, freshness: freshness)
        }
        let drift = try drift(asOf: asOf, version: v)
        try history.record(kind: "drift", asOf: asOf, version: v, status: drift.status.rawValue,
                           figures: try JSONValue(encoding: drift), at: date)
        let evaluation = try evaluate(asOf: asOf, version: v)
        try history.record(kind: "evaluation", asOf: asOf, version: v, status: evaluation.guardrail.status,
                           figures: try JSONValue(encoding: evaluation), at: date)
        let estimate = try estimate(asOf: asOf, version: v)
        try history.record(kind: "estimate", asOf: asOf, version: v,
                           status: estimate.status == .ok ? (estimate.dropSignificant ? "drop" : "ok") : estimate.status.rawValue,
                           figures: try JSONValue(encoding: estimate), at: date)
        return MonitorSummary(asOf: asOf, version: v, drift: drift, evaluation: evaluation, estimate: estimate,
                              freshness: freshness)
    }
}

/// One monitor pass.
public struct MonitorSummary: Sendable, Codable {
    public let asOf: Day
    public let version: Int?
    public let drift: DriftReport?
    public let evaluation: EvaluationReport?
    public let estimate: EstimateReport?
    public let freshness: FreshnessReport

    enum CodingKeys: String, CodingKey {
        case version, drift, evaluation, estimate, freshness
        case asOf = "as_of"
    }
}

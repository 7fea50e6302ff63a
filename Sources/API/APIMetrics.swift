import Alerting
import CoreMetrics
import Foundation
import Metrics
import Monitoring
import Prometheus
import SegmentStore

/// Prometheus metrics through swift-metrics with this server's own registry (no process-global bootstrap, so
/// several servers in one test process do not collide). Figures that live in the database are refreshed on scrape.
public final class APIMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    let scoreLatency: Metrics.Timer
    let scoredRows: CoreMetrics.Counter
    private let lastInfoVersion = Locked<Int?>(nil)

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["segmentops_score_latency_seconds"] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
            .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50),
        ]
        self.factory = factory
        scoreLatency = Metrics.Timer(label: "segmentops_score_latency_seconds", factory: factory)
        scoredRows = CoreMetrics.Counter(label: "segmentops_scored_rows_total", factory: factory)
    }

    func gauge(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory)
    }

    func recordScore(rows: Int, seconds: Double) {
        scoreLatency.recordNanoseconds(Int64(seconds * 1e9))
        scoredRows.increment(by: rows)
    }

    /// Reads the current figures from the database into gauges and renders the exposition text.
    public func render(database: any StoreBackend) throws -> String {
        let registryStore = ModelRegistry(database: database)
        if let production = try registryStore.production() {
            let previous = lastInfoVersion.withLockedValue { old -> Int? in
                defer { old = production.version }
                return old
            }
            if let previous, previous != production.version {
                gauge("segmentops_production_version_info", [("version", String(previous))]).record(0)
            }
            gauge("segmentops_production_version_info", [("version", String(production.version))]).record(1)
            gauge("segmentops_production_version").record(production.version)
            gauge("segmentops_production_holdout_accuracy").record(production.accuracy)
        }
        let runs = MonitorRunStore(database: database)
        if let run = try runs.latest(kind: "drift"), let drift = try? run.figures.decode(DriftReport.self) {
            for f in drift.features {
                if let psi = f.psi { gauge("segmentops_feature_psi", [("feature", f.name)]).record(psi) }
            }
            if let psi = drift.segmentMix.psi { gauge("segmentops_segment_mix_psi").record(psi) }
        }
        if let run = try runs.latest(kind: "evaluation"), let e = try? run.figures.decode(EvaluationReport.self) {
            gauge("segmentops_accuracy", [("version", String(e.version))]).record(e.accuracy)
            gauge("segmentops_harm_rate", [("version", String(e.version))]).record(e.harmRate)
            gauge("segmentops_evaluation_labelled_rows").record(e.n)
        }
        if let run = try runs.latest(kind: "estimate"), let e = try? run.figures.decode(EstimateReport.self), e.status == .ok {
            gauge("segmentops_estimated_accuracy", [("version", String(e.version))]).record(e.estimate.expectedAccuracy)
            gauge("segmentops_estimated_harm_rate", [("version", String(e.version))]).record(e.estimate.expectedHarmRate)
        }
        for state in try AlertStateStore(database: database).all() {
            gauge("segmentops_alert_firing", [("alertname", state.rule), ("fingerprint", state.fingerprint),
                                             ("severity", state.severity)]).record(state.state == .firing ? 1 : 0)
        }
        let outbox = OutboxStore(database: database)
        let depth = try outbox.depth()
        gauge("segmentops_outbox_pending").record(depth.pending)
        gauge("segmentops_alert_notifications_lost").record(try outbox.lostCount())
        for (receiver, count) in try outbox.deadLetters(since: .distantPast) {
            gauge("segmentops_outbox_dead_letters", [("receiver", receiver)]).record(count)
        }
        gauge("segmentops_outbox_oldest_age_seconds").record(depth.oldest.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
        if let run = try JobStore(database: database).latest(kind: "nightly", status: "succeeded"),
           let seconds = run.detail["steps"]?["train"]?["seconds"]?.doubleValue {
            gauge("segmentops_retrain_duration_seconds").record(seconds)
        }
        return APIMetrics.withHelp(registry.emitToString())
    }

    static let help: [String: String] = [
        "segmentops_production_version_info": "The model version in production (value 1; older versions 0).",
        "segmentops_production_version": "The model version number in production.",
        "segmentops_production_holdout_accuracy": "Holdout accuracy of the production version at registration.",
        "segmentops_feature_psi": "PSI of each feature over the last monitor window against the version's frozen reference.",
        "segmentops_segment_mix_psi": "PSI of the predicted segment mix against the version's training mix.",
        "segmentops_accuracy": "Realised accuracy of the monitored version on recent labelled rows.",
        "segmentops_harm_rate": "Realised harm rate of the monitored version on recent labelled rows.",
        "segmentops_evaluation_labelled_rows": "Labelled rows behind the latest evaluation.",
        "segmentops_estimated_accuracy": "Label-free estimate (calibrated CBPE) of the monitored version's accuracy on recent rows without labels.",
        "segmentops_estimated_harm_rate": "Label-free estimate of the monitored version's harm rate on recent rows without labels.",
        "segmentops_alert_firing": "1 while an alert is firing, else 0.",
        "segmentops_outbox_pending": "Alert deliveries waiting in the outbox.",
        "segmentops_outbox_oldest_age_seconds": "Age of the oldest pending alert delivery.",
        "segmentops_alert_notifications_lost": "Alert notifications no receiver accepted (every delivery dead-lettered): alert on any value above 0.",
        "segmentops_outbox_dead_letters": "Alert deliveries given up, per receiver.",
        "segmentops_retrain_duration_seconds": "Duration of the last successful nightly retrain.",
        "segmentops_score_latency_seconds": "Latency of POST /v1/score requests.",
        "segmentops_scored_rows_total": "Rows scored through the API.",
    ]

    /// Adds a `# HELP` line before each metric's `# TYPE` line (swift-metrics has no help text).
    static func withHelp(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.split(separator: " ").dropFirst(2).first, let help = help[String(name)] {
                out += "# HELP \(name) \(help)\n"
            }
            out += line + "\n"
        }
        return String(out.dropLast())
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLockedValue<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

/// Reads the latest monitor results, events and delivery health into signals for the rules.
public struct SignalCollector: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    static func f(_ v: Double) -> String { String(format: "%.4f", v) }

    /// Signals of every non-event source.
    public func monitorSignals(at date: Date) throws -> [Signal] {
        let runs = MonitorRunStore(database: database)
        var signals = [Signal]()
        if let run = try runs.latest(kind: "drift"), let drift = try? run.figures.decode(DriftReport.self) {
            signals += driftSignals(drift)
        }
        if let run = try runs.latest(kind: "evaluation"), let e = try? run.figures.decode(EvaluationReport.self) {
            signals += evaluationSignals(e)
        }
        if let run = try runs.latest(kind: "estimate"), let e = try? run.figures.decode(EstimateReport.self) {
            let f = SignalCollector.f
            signals.append(Signal(source: "estimate.accuracy_drop", value: e.drop, active: e.dropSignificant,
                                  known: e.status == .ok,
                                  figures: ["expected_accuracy": f(e.estimate.expectedAccuracy),
                                            "accuracy_low": f(e.estimate.accuracyCI[0]), "accuracy_high": f(e.estimate.accuracyCI[1]),
                                            "expected_harm_rate": f(e.estimate.expectedHarmRate), "baseline": f(e.baselineAccuracy),
                                            "drop": f(e.drop), "tolerance": f(e.tolerance), "n": String(e.estimate.n),
                                            "version": "v\(e.version)", "window": e.window.description,
                                            "as_of": e.asOf.description]))
        }
        if let run = try runs.latest(kind: "segments"), let churn = run.figures["weekly_churn"]?.doubleValue {
            let limit = run.figures["churn_limit"]?.doubleValue ?? 0.05
            let mix = run.figures["segment_mix_psi"]?.doubleValue
            signals.append(Signal(source: "segments.churn", value: churn, active: churn > limit && (mix ?? 0) < 0.1,
                                  figures: ["weekly_churn": SignalCollector.f(churn), "limit": SignalCollector.f(limit),
                                            "changes": run.figures["changes_7d"]?.doubleValue.map { String(Int($0)) } ?? "0",
                                            "confirmed": run.figures["confirmed"]?.doubleValue.map { String(Int($0)) } ?? "0",
                                            "segment_mix_psi": mix.map(SignalCollector.f) ?? "-", "as_of": run.asOf.description]))
        }
        if let run = try runs.latest(kind: "fairness"), let signal = fairnessSignal(run) { signals.append(signal) }
        if let run = try runs.latest(kind: "freshness"), let fr = try? run.figures.decode(FreshnessReport.self) {
            signals.append(Signal(source: "freshness.observations", value: fr.observationAgeDays.map(Double.init),
                                  active: fr.observationsStale,
                                  figures: ["age_days": fr.observationAgeDays.map(String.init) ?? "never",
                                            "latest": fr.latestObservation?.description ?? "none",
                                            "as_of": fr.asOf.description, "limit_days": String(fr.observationsStaleDays)]))
            signals.append(Signal(source: "freshness.labels", value: fr.labelAgeDays.map(Double.init),
                                  active: fr.labelsStale,
                                  figures: ["age_days": fr.labelAgeDays.map(String.init) ?? "never",
                                            "latest": fr.latestLabel?.description ?? "none",
                                            "as_of": fr.asOf.description, "limit_days": String(fr.labelsStaleDays)]))
        }
        if let run = try runs.latest(kind: "integrity") {
            let problems = run.figures["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
            signals.append(Signal(source: "registry.integrity", active: run.status != "ok",
                                  figures: ["problem": problems.first ?? "", "problems": String(problems.count),
                                            "checked_at": run.ranAt]))
        }
        let dead = try OutboxStore(database: database).deadLetters(since: date.addingTimeInterval(-config.alerting.delivery.giveUpAfter))
        for receiver in config.alerting.receivers {
            let count = dead[receiver.name] ?? 0
            signals.append(Signal(source: "delivery.dead_letters", labels: ["failing_receiver": receiver.name],
                                  value: Double(count), active: count > 0,
                                  figures: ["failing_receiver": receiver.name, "count": String(count),
                                            "last_error": try lastError(receiver: receiver.name)]))
        }
        signals.append(Signal(source: "watchdog", active: true, figures: ["at": Timestamp.format(date)]))
        return signals
    }

    func driftSignals(_ drift: DriftReport) -> [Signal] {
        let known = drift.status == .ok
        var out = drift.features.map { feature -> Signal in
            let worstBin = feature.bins.max { abs($0.contribution) < abs($1.contribution) }
            let binText = worstBin.map { b in
                "[\(b.lower.map { String($0) } ?? "−∞"), \(b.upper.map { String($0) } ?? "+∞")) reference \(SignalCollector.f(b.referenceShare)) → current \(SignalCollector.f(b.currentShare))"
            } ?? ""
            return Signal(source: "drift.feature_psi", labels: ["feature": feature.name], value: feature.worstPSI,
                          band: feature.worstBand, active: (feature.worstBand ?? .ok) != .ok, known: known,
                          figures: ["feature": feature.name, "psi": feature.worstPSI.map(SignalCollector.f) ?? "-",
                                    "window_psi": feature.psi.map(SignalCollector.f) ?? "-",
                                    "day_psi": feature.dayPSI.map(SignalCollector.f) ?? "-",
                                    "band": feature.worstBand?.rawValue ?? "-", "window": drift.window.description,
                                    "day": drift.asOf.description, "rows": String(drift.rows),
                                    "version": "v\(drift.version)", "as_of": drift.asOf.description, "worst_bin": binText,
                                    "warning": String(feature.thresholds.warning),
                                    "critical": String(feature.thresholds.critical)])
        }
        let mix = drift.segmentMix
        func shares(_ s: [String: Double]) -> String { s.keys.sorted().map { "\($0) \(Int((s[$0]! * 100).rounded()))%" }.joined(separator: ", ") }
        out.append(Signal(source: "drift.segment_mix_psi", value: mix.psi, band: mix.band,
                          active: (mix.band ?? .ok) != .ok, known: known,
                          figures: ["psi": mix.psi.map(SignalCollector.f) ?? "-", "band": mix.band?.rawValue ?? "-",
                                    "reference": shares(mix.reference), "current": shares(mix.current),
                                    "window": drift.window.description, "rows": String(drift.rows),
                                    "version": "v\(drift.version)", "as_of": drift.asOf.description]))
        return out
    }

    func evaluationSignals(_ e: EvaluationReport) -> [Signal] {
        let known = e.status == .ok
        let f = SignalCollector.f
        return [
            Signal(source: "evaluation.accuracy_decay", value: e.decay, active: e.decaySignificant, known: known,
                   figures: ["accuracy": f(e.accuracy), "accuracy_low": f(e.accuracyCI[0]), "accuracy_high": f(e.accuracyCI[1]),
                             "baseline": f(e.baselineAccuracy), "decay": f(e.decay), "tolerance": f(e.tolerance),
                             "n": String(e.n), "version": "v\(e.version)", "window": e.window.description,
                             "as_of": e.asOf.description]),
            Signal(source: "evaluation.guardrail", value: e.harmRate, active: e.guardrail.tripped, known: known,
                   figures: ["reasons": e.guardrail.reasons.map(\.message).joined(separator: "; "),
                             "harm_rate": f(e.harmRate), "harm_low": f(e.harmRateCI[0]), "accuracy": f(e.accuracy),
                             "n": String(e.n), "version": "v\(e.version)", "window": e.window.description,
                             "as_of": e.asOf.description]),
        ]
    }

    func lastError(receiver: String) throws -> String {
        try OutboxStore(database: database).list(failed: true, limit: 20).first { $0.receiver == receiver }?.lastError ?? ""
    }

    /// The event signal for one rule: active from its event until a clearing event, or, when the rule has no
    /// `cleared_by`, only in the evaluation where a new event arrived (after `cursor`).
    public func eventSignal(for rule: AlertRule, after cursor: Int) throws -> Signal {
        let store = EventStore(database: database)
        let type = String(rule.source.dropFirst("event.".count))
        let latest = try store.recent(limit: 1, type: type).first
        var active = false
        if rule.clearedBy.isEmpty {
            active = (latest?.id ?? 0) > cursor
        } else if let latest {
            let clearing = try rule.clearedBy.compactMap { try store.recent(limit: 1, type: $0).first?.id }.max() ?? 0
            active = latest.id > clearing
        }
        return Signal(source: rule.source, active: active,
                      figures: ["event": type, "as_of": latest?.asOf?.description ?? "-",
                                "version": latest?.version.map { "v\($0)" } ?? "-", "at": latest?.at ?? "-",
                                "detail": latest.map { SignalCollector.describe($0.detail) } ?? ""])
    }

    /// A short human description of an event's detail.
    public static func describe(_ detail: JSONValue) -> String {
        guard let o = detail.objectValue else { return detail.text }
        var parts = [String]()
        for key in o.keys.sorted() {
            switch o[key]! {
            case .string(let s): parts.append("\(key)=\(s)")
            case .number(let d): parts.append("\(key)=\(d == d.rounded() ? String(Int(d)) : f(d))")
            case .bool(let b): parts.append("\(key)=\(b)")
            case .array(let a) where a.allSatisfy({ $0.stringValue != nil }):
                parts.append("\(key)=\(a.compactMap(\.stringValue).joined(separator: ","))")
            default: continue
            }
        }
        return parts.joined(separator: " ")
    }
}

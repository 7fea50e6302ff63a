import Alerting
import Foundation
import Logging
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments

/// Runs the nightly logic over historical observations on a simulated clock: for each day, ingest its rows, run
/// the nightly job at the scheduled hour the next morning, and deliver alerts for real — a backtest of the
/// promotion and alert policy.
public struct Replay: Sendable {
    /// The nightly job each simulated morning runs (it holds the database, configuration and alerts).
    public let job: NightlyJob

    public init(database: any StoreBackend, config: SegmentOpsConfig, configSnapshot: String, alerts: AlertCenter?,
                logger: Logger = Logger(label: "segmentops.replay"), policy: ReleasePolicy = .configured) {
        job = NightlyJob(database: database, config: config, configSnapshot: configSnapshot, alerts: alerts,
                         logger: logger, policy: policy)
    }

    var database: any StoreBackend { job.database }
    var config: SegmentOpsConfig { job.config }

    public enum ReplayError: Error, CustomStringConvertible {
        case rejected(IngestRejected)
        case empty(String)
        case range(String)

        public var description: String {
            switch self {
            case .rejected(let r): r.description
            case .empty(let file): "\(file) holds no observations"
            case .range(let message): message
            }
        }
    }

    /// Replays `file`. Days before `from` (default: the first day with a full training window behind it) are
    /// loaded as history first. `progress` receives each day's line as it completes.
    public func run(file: String, bytes: [UInt8], from: Day?, to: Day?,
                    progress: (ReplayReport.DayLine) -> Void = { _ in }) async throws -> ReplayReport {
        let started = Date()
        let parsed = ObservationCSVParser(schema: database.schema).parse(bytes, file: file)
        guard parsed.violations.isEmpty else { throw ReplayError.rejected(IngestRejected(file: file, violations: parsed.violations)) }
        let batch = parsed.batch
        guard let first = batch.days.min(), let last = batch.days.max() else { throw ReplayError.empty(file) }
        let start = from ?? first + (config.training.windowDays - 1)
        let end = to ?? last
        guard start <= end else {
            throw ReplayError.range("nothing to replay: --from \(start) is after --to \(end) (data covers \(first)…\(last))")
        }
        // A label becomes visible on the day it was known (`labelled_on`): its row arrives unlabelled on its
        // as_of day, and the label is filled in on the later day, as late labels arrive in real use.
        var byDay = [Day: [Int]]()
        var labelsByDay = [Day: [Int]]()
        for i in 0..<batch.count {
            byDay[batch.days[i], default: []].append(i)
            if let known = batch.labelledOn(i), known > batch.days[i], batch.labels[i] != LabelledData.unlabelled {
                labelsByDay[known, default: []].append(i)
            }
        }
        let store = ObservationStore(database: database)
        let sha = sha256Hex(Data(bytes))
        /// Rows of `days` with the labels known by `knownBy`, and the late labels that became known on `labelDays`.
        func ingest(_ days: [Day], knownBy: Day, labelDays: [Day] = [], label: String, at date: Date) throws {
            var part = ObservationBatch(featureCount: batch.featureCount)
            for d in days {
                for i in byDay[d] ?? [] {
                    var row = batch.observation(i)
                    if let known = row.labelKnownOn, known > knownBy {
                        row = Observation(customerID: row.customerID, asOf: row.asOf, features: row.features, label: nil)
                    }
                    part.append(row, line: batch.lines[i])
                }
            }
            for d in labelDays {
                for i in labelsByDay[d] ?? [] { part.append(batch.observation(i), line: batch.lines[i]) }
            }
            guard !part.isEmpty else { return }
            do {
                _ = try store.ingest(part, file: "\(file) [\(label)]", fileSHA256: sha, actor: "replay", relabel: false, at: date)
            } catch let rejected as IngestRejected {
                throw ReplayError.rejected(rejected)
            }
        }
        try ConfigChangeRecorder(database: database).record(snapshot: job.configSnapshot, source: "replay of \(file)",
                                                            actor: "replay", at: Replay.time(first, hour: 0))
        let history = byDay.keys.filter { $0 < start }.sorted()
        if let lastHistory = history.last {
            try ingest(history, knownBy: lastHistory, label: "history \(history.first!)…\(lastHistory)",
                       at: Replay.time(lastHistory, hour: 23))
        }

        var report = ReplayReport(file: file, database: database.location, from: start, to: end)
        let events = EventStore(database: database)
        let registry = ModelRegistry(database: database)
        var day = start
        while day <= end {
            try ingest([day], knownBy: day, labelDays: [day], label: day.description, at: Replay.time(day, hour: 23))
            let runAt = Replay.nightlyTime(after: day, cron: config.supervisor.retrainCron)
            let before = try events.lastID()
            let outcome = try await job.run(asOf: day, scheduledFor: runAt, at: runAt, delivery: .replay)
            let line = try dayLine(day, outcome: outcome, events: try events.since(id: before),
                                   production: try registry.production()?.version)
            report.days.append(line)
            tally(&report.summary, line: line, delivered: outcome.monitor?.delivered ?? 0)
            progress(line)
            day = day + 1
        }
        try await reportDeliveries(&report)
        report.summary.segmentChanges = report.days.compactMap(\.segmentChanges).reduce(0, +)
        if job.policy == .configured { report.stability = try SegmentStability(database: database).report() }
        report.summary.days = report.days.count
        report.summary.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// A last delivery pass, then what is still owed: undelivered notifications stay in the outbox for the next
    /// run (`supervise` or `alerts deliver`) and are reported on the last day's line and in the summary, as are
    /// notifications no receiver accepted.
    func reportDeliveries(_ report: inout ReplayReport) async throws {
        let store = OutboxStore(database: database)
        if let alerts = job.alerts, try store.depth().pending > 0 {
            let last = report.days.last.map { Replay.nightlyTime(after: $0.date, cron: config.supervisor.retrainCron) } ?? Date()
            let pass = try await alerts.deliver(.replay, evaluatedAt: last)
            report.summary.notificationsDelivered += pass.delivered
        }
        let undelivered = try store.undelivered()
        report.summary.undelivered = undelivered.reduce(0) { $0 + $1.pending }
        report.summary.lostNotifications = try store.lostCount()
        guard !report.days.isEmpty else { return }
        var events = [ReplayReport.Event]()
        if report.summary.undelivered > 0 {
            let detail = undelivered.map { "\($0.receiver): \($0.pending)" + ($0.lastError.map { " (\($0))" } ?? "") }
                .joined(separator: "; ")
            events.append(.init(type: "undelivered", alert: nil, version: nil,
                                detail: "\(report.summary.undelivered) undelivered, kept in the outbox for the next run — \(detail)"))
        }
        if report.summary.lostNotifications > 0 {
            events.append(.init(type: "lost", alert: nil, version: nil,
                                detail: "\(report.summary.lostNotifications) notifications reached no receiver (see `segmentops alerts deliveries --failed`)"))
        }
        report.days[report.days.count - 1].events += events
    }

    /// The nightly run after `day`: the retrain schedule's hour and minute on the next morning (02:00 by default).
    static func nightlyTime(after day: Day, cron: String) -> Date {
        let fields = cron.split(separator: " ")
        let minute = fields.count == 5 ? Int(fields[0]) ?? 0 : 0
        let hour = fields.count == 5 ? Int(fields[1]) ?? 2 : 2
        return Date(timeIntervalSince1970: Double((day + 1).index * 86400 + hour * 3600 + minute * 60))
    }

    static func time(_ day: Day, hour: Int) -> Date { Date(timeIntervalSince1970: Double(day.index * 86400 + hour * 3600)) }

    func dayLine(_ day: Day, outcome: NightlyJob.Outcome, events: [ControlEvent], production: Int?) throws -> ReplayReport.DayLine {
        var lines = [ReplayReport.Event]()
        for e in events {
            let detail = SignalCollector.describe(e.detail)
            switch e.type {
            case "promoted" where e.detail["remedial"]?.boolValue == true: continue  // told by remedial_promotion
            case "promoted":
                let recipe = e.detail["recipe"]?.stringValue.flatMap { $0 == "standard" ? nil : $0 }
                lines.append(.init(type: "promoted", alert: nil, version: e.version,
                                   detail: "every gate passed" + (recipe.map { " (\($0))" } ?? "")))
            case "remedial_promotion":
                lines.append(.init(type: "remedial_promotion", alert: nil, version: e.version,
                                   detail: "v\(e.detail["from"]?.doubleValue.map { Int($0) } ?? 0) → v\(e.version ?? 0): "
                                    + (e.detail["reason"]?.stringValue ?? "")))
            case "challengers_trained":
                let versions = e.detail["versions"]?.arrayValue?.compactMap(\.doubleValue).map { "v\(Int($0))" } ?? []
                lines.append(.init(type: "challengers", alert: nil, version: nil, detail: versions.joined(separator: ", ")))
            case "candidate_blocked":
                let gates = e.detail["failing_gates"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
                lines.append(.init(type: "blocked", alert: nil, version: e.version, detail: "failing gates: \(gates)"))
            case "candidate_held": lines.append(.init(type: "held", alert: nil, version: e.version, detail: "inconclusive"))
            case "promotion_paused": lines.append(.init(type: "paused", alert: nil, version: e.version, detail: detail))
            case "automatic_rollback":
                lines.append(.init(type: "rolled_back", alert: nil, version: e.version,
                                   detail: "v\(e.detail["from"]?.doubleValue.map { Int($0) } ?? 0) → v\(e.version ?? 0)"))
            case "no_safe_rollback_target":
                let tried = e.detail["tried"]?.arrayValue?.compactMap(\.doubleValue).map { "v\(Int($0))" }.joined(separator: ", ") ?? ""
                lines.append(.init(type: "no_safe_rollback_target", alert: nil, version: e.version,
                                   detail: tried.isEmpty ? "no earlier version to try" : "tried \(tried): none better"))
            case "retrain_failed", "step_failed":
                lines.append(.init(type: e.type, alert: nil, version: e.version, detail: e.detail["error"]?.stringValue ?? detail))
            default: continue
            }
        }
        if let segments = outcome.segments {
            if segments.held { lines.append(.init(type: "segments_held", alert: nil, version: nil, detail: "storm guard: the night's segment changes are held")) }
            if segments.quarantined { lines.append(.init(type: "segments_quarantined", alert: nil, version: nil, detail: "critical data drift: confirmed segments frozen")) }
        }
        for change in (outcome.monitor?.alertChanges ?? []) + outcome.segmentAlertChanges {
            let label = change.labels["feature"].map { "{feature=\($0)}" } ?? change.labels["failing_receiver"].map { "{receiver=\($0)}" } ?? ""
            if change.to == "firing" && change.from != "firing" {
                lines.append(.init(type: "alert_fired", alert: change.rule + label, version: nil, detail: change.summary))
            } else if change.to == "resolved" {
                lines.append(.init(type: "alert_resolved", alert: change.rule + label, version: nil, detail: change.summary))
            }
        }
        let evaluation = outcome.monitor?.summary.evaluation
        let estimate = outcome.monitor?.summary.estimate
        let drift = outcome.monitor?.summary.drift
        let worst = drift?.worstFeature
        return ReplayReport.DayLine(
            date: day, productionVersion: production, trainedVersion: outcome.trained,
            accuracy: evaluation?.status == .ok ? evaluation?.accuracy : nil,
            harmRate: evaluation?.status == .ok ? evaluation?.harmRate : nil,
            estimatedAccuracy: estimate?.status == .ok ? estimate?.estimate.expectedAccuracy : nil,
            segmentChanges: outcome.segments.map { $0.held ? 0 : $0.changed },
            maxFeaturePSI: worst?.worstPSI, maxFeature: worst?.name, segmentMixPSI: drift?.segmentMix.psi, events: lines)
    }

    func tally(_ s: inout ReplayReport.Summary, line: ReplayReport.DayLine, delivered: Int) {
        s.notificationsDelivered += delivered
        for e in line.events {
            switch e.type {
            case "promoted": s.promotions += 1
            case "remedial_promotion":
                s.promotions += 1
                s.remedialPromotions += 1
            case "challengers": s.challengerNights += 1
            case "blocked": s.blocks += 1
            case "held": s.held += 1
            case "paused": s.paused += 1
            case "rolled_back": s.rollbacks += 1
            case "no_safe_rollback_target": s.noSafeTarget += 1
            case "alert_fired": s.alertsFired[e.alert.map { String($0.prefix { $0 != "{" }) } ?? "?", default: 0] += 1
            default: break
            }
        }
    }
}

import Alerting
import ArgumentParser
import Foundation
import Monitoring
import Release
import Segments
import SegmentStore
import Supervisor

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "One screen for on-call: what serves, the last nightly run, firing alerts, the outbox, the supervisor.")

    @OptionGroup var global: GlobalOptions

    struct Result: Encodable {
        let production: ModelVersion?
        let productionSince: String?
        let latestVersion: ModelVersion?
        let lastNightly: JobRun?
        let firing: [AlertStateRecord]
        let outboxPending: Int
        let outboxOldest: String?
        let undelivered: [UndeliveredCount]
        let lostNotifications: Int
        let evaluation: EvaluationReport?
        let estimate: EstimateReport?
        let segmentHold: SegmentHold?
        let promotionPaused: PromotionSwitch.Pause?
        let supervisor: SupervisorLock.Holder?
        enum CodingKeys: String, CodingKey {
            case production, firing, supervisor
            case productionSince = "production_since"
            case latestVersion = "latest_version"
            case lastNightly = "last_nightly"
            case outboxPending = "outbox_pending"
            case outboxOldest = "outbox_oldest"
            case undelivered
            case lostNotifications = "lost_notifications"
            case evaluation, estimate
            case segmentHold = "segment_hold"
            case promotionPaused = "promotion_paused"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let registry = ModelRegistry(database: database)
        let outbox = OutboxStore(database: database)
        let runs = MonitorRunStore(database: database)
        let depth = try outbox.depth()
        let holder: SupervisorLock.Holder?
        do {
            let probe = try SupervisorLock(databasePath: database.path, since: "probe")
            withExtendedLifetime(probe) {}
            holder = nil
        } catch let held as SupervisorLock.Held {
            holder = held.holder
        }
        let result = Result(
            production: try registry.production(), productionSince: try registry.production(at: Date())?.startedAt,
            latestVersion: try registry.latest(), lastNightly: try JobStore(database: database).latest(kind: "nightly"),
            firing: try AlertStateStore(database: database).firing(), outboxPending: depth.pending,
            outboxOldest: depth.oldest.map(Timestamp.format), undelivered: try outbox.undelivered(),
            lostNotifications: try outbox.lostCount(),
            evaluation: try runs.latest(kind: "evaluation").flatMap { try? $0.figures.decode(EvaluationReport.self) },
            estimate: try runs.latest(kind: "estimate").flatMap { try? $0.figures.decode(EstimateReport.self) },
            segmentHold: try SegmentHold.current(database),
            promotionPaused: try PromotionSwitch(database: database).current(),
            supervisor: holder)
        if global.json { return try context.output.emit(result) }
        Console.out("database     \(database.path)")
        Console.out("supervisor   " + (holder.map { "running: pid \($0.pid) on \($0.host) since \($0.since)" } ?? "not running"))
        Console.out("production   " + (result.production.map { "v\($0.version) since \(result.productionSince ?? "?") (holdout accuracy \(Fmt.f($0.accuracy)))" } ?? "none"))
        if let latest = result.latestVersion, latest.version != result.production?.version {
            Console.out("newest       v\(latest.version) (\(latest.stage.rawValue), as of \(latest.asOf))")
        }
        if let run = result.lastNightly {
            Console.out("last nightly #\(run.id) for \(run.asOf ?? "?"): \(run.status) at \(run.finishedAt ?? run.startedAt)")
        } else {
            Console.out("last nightly none yet")
        }
        if let e = result.evaluation {
            Console.out("performance  v\(e.version) accuracy \(Fmt.f(e.accuracy)) harm \(Fmt.f(e.harmRate)) on \(e.n) labels of \(e.window)"
                        + (e.guardrail.tripped ? " — GUARDRAIL TRIPPED" : ""))
        }
        if let e = result.estimate, e.status == .ok {
            Console.out("estimate     v\(e.version) expected accuracy \(Fmt.f(e.estimate.expectedAccuracy)) harm \(Fmt.f(e.estimate.expectedHarmRate)) on \(e.estimate.n) rows without labels of \(e.window)"
                        + (e.dropSignificant ? " — SIGNIFICANT DROP" : ""))
        }
        if let hold = result.segmentHold {
            Console.out("segments     HELD since \(hold.since): v\(hold.version) would change \(hold.changes) of \(hold.confirmed) confirmed customers — see `segmentops segments status`")
        }
        if let pause = result.promotionPaused { Console.out("promotion    PAUSED by \(pause.by): \(pause.reason)") }
        Console.out("outbox       \(depth.pending) pending" + (result.outboxOldest.map { ", oldest \($0)" } ?? "")
                    + result.undelivered.map { "; \($0.receiver) \($0.pending)" + ($0.lastError.map { " (\($0))" } ?? "") }.joined())
        if result.lostNotifications > 0 {
            Console.out("LOST         \(result.lostNotifications) alert notifications reached no receiver (every delivery dead-lettered); see `segmentops alerts deliveries --failed`")
        }
        if result.firing.isEmpty {
            Console.out("alerts       none firing")
        } else {
            for a in result.firing { Console.out("FIRING       [\(a.severity)] \(a.rule): \(a.summary)") }
        }
    }
}

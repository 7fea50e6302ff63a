import Alerting
import API
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

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let result = try OperationsStatus.load(database, now: Date())
        let holder = result.supervisor
        if global.json { return try context.output.emit(result) }
        Console.out("database     \(database.location)")
        if database is SegmentDatabase {
            Console.out("supervisor   " + (holder.map { "running: pid \($0.pid) on \($0.host) since \($0.since)" } ?? "not running"))
        } else {
            // Several supervisors may share a PostgreSQL database: the leader heartbeats every half second.
            let stale = result.leader.flatMap { Timestamp.parse($0.heartbeatAt) }.map { Date().timeIntervalSince($0) > 5 } ?? true
            Console.out("leader       " + (result.leader.map {
                "\($0.holder) (epoch \($0.epoch), leading since \($0.acquiredAt), heartbeat \($0.heartbeatAt)"
                    + (stale ? " — STALE: no supervisor is leading; start `segmentops supervise`)" : ")")
            } ?? "none yet: no supervisor has run on this database"))
        }
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
        Console.out("outbox       \(result.outboxPending) pending" + (result.outboxOldest.map { ", oldest \($0)" } ?? "")
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

import Alerting
import ArgumentParser
import Foundation
import Release
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
        let promotionPaused: PromotionSwitch.Pause?
        let supervisor: SupervisorLock.Holder?
        enum CodingKeys: String, CodingKey {
            case production, firing, supervisor
            case productionSince = "production_since"
            case latestVersion = "latest_version"
            case lastNightly = "last_nightly"
            case outboxPending = "outbox_pending"
            case outboxOldest = "outbox_oldest"
            case promotionPaused = "promotion_paused"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let registry = ModelRegistry(database: database)
        let depth = try OutboxStore(database: database).depth()
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
            outboxOldest: depth.oldest.map(Timestamp.format), promotionPaused: try PromotionSwitch(database: database).current(),
            supervisor: holder)
        if global.json { return try context.output.emit(result) }
        print("database     \(database.path)")
        print("supervisor   " + (holder.map { "running: pid \($0.pid) on \($0.host) since \($0.since)" } ?? "not running"))
        print("production   " + (result.production.map { "v\($0.version) since \(result.productionSince ?? "?") (holdout accuracy \(Fmt.f($0.accuracy)))" } ?? "none"))
        if let latest = result.latestVersion, latest.version != result.production?.version {
            print("newest       v\(latest.version) (\(latest.stage.rawValue), as of \(latest.asOf))")
        }
        if let run = result.lastNightly {
            print("last nightly #\(run.id) for \(run.asOf ?? "?"): \(run.status) at \(run.finishedAt ?? run.startedAt)")
        } else {
            print("last nightly none yet")
        }
        if let pause = result.promotionPaused { print("promotion    PAUSED by \(pause.by): \(pause.reason)") }
        print("outbox       \(depth.pending) pending" + (result.outboxOldest.map { ", oldest \($0)" } ?? ""))
        if result.firing.isEmpty {
            print("alerts       none firing")
        } else {
            for a in result.firing { print("FIRING       [\(a.severity)] \(a.rule): \(a.summary)") }
        }
    }
}

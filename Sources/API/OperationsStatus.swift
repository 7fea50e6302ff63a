import Alerting
import Foundation
import Monitoring
import Release
import SegmentStore
import Segments

/// One screen for on-call: what serves and since when, the last nightly run, firing alerts, the outbox, holds and
/// pauses, the supervisor. `segmentops status` prints it; the console's overview page shows it.
public struct OperationsStatus: Encodable, Sendable {
    public let production: ModelVersion?
    public let productionSince: String?
    public let latestVersion: ModelVersion?
    public let lastNightly: JobRun?
    public let firing: [AlertStateRecord]
    public let outboxPending: Int
    public let outboxOldest: String?
    public let undelivered: [UndeliveredCount]
    public let lostNotifications: Int
    public let evaluation: EvaluationReport?
    public let estimate: EstimateReport?
    public let segmentHold: SegmentHold?
    public let promotionPaused: PromotionSwitch.Pause?
    public let supervisor: SupervisorLock.Holder?
    /// The leader among the supervisors and its epoch, as the store records it (the last one on SQLite).
    public let leader: LeaderInfo?

    enum CodingKeys: String, CodingKey {
        case production, firing, supervisor, leader
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

    /// Reads everything from `database` as of `now`.
    public static func load(_ database: any StoreBackend, now: Date) throws -> OperationsStatus {
        let registry = ModelRegistry(database: database)
        let outbox = OutboxStore(database: database)
        let runs = MonitorRunStore(database: database)
        let depth = try outbox.depth()
        return OperationsStatus(
            production: try registry.production(), productionSince: try registry.production(at: now)?.startedAt,
            latestVersion: try registry.latest(), lastNightly: try JobStore(database: database).latest(kind: "nightly"),
            firing: try AlertStateStore(database: database).firing(), outboxPending: depth.pending,
            outboxOldest: depth.oldest.map(Timestamp.format), undelivered: try outbox.undelivered(),
            lostNotifications: try outbox.lostCount(),
            evaluation: try runs.latest(kind: "evaluation").flatMap { try? $0.figures.decode(EvaluationReport.self) },
            estimate: try runs.latest(kind: "estimate").flatMap { try? $0.figures.decode(EstimateReport.self) },
            segmentHold: try SegmentHold.current(database),
            promotionPaused: try PromotionSwitch(database: database).current(),
            supervisor: (database as? SegmentDatabase).flatMap { SupervisorLock.runningHolder(databasePath: $0.path) },
            leader: try database.read { db in try LeaderInfo.current(db) })
    }
}

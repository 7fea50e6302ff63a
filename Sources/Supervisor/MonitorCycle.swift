import Alerting
import Fairness
import Foundation
import Logging
import Monitoring
import Release
import SegmentConfig
import SegmentModel
import SegmentStore

/// One monitor pass, as `segmentops monitor` and the supervisor run it: monitors (and the daily fair-lending audit of
/// production) → guardrails and automatic rollback → registry integrity → alert evaluation → delivery.
public struct MonitorCycle: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let alerts: AlertCenter?
    public let logger: Logger

    public init(database: any StoreBackend, config: SegmentOpsConfig, alerts: AlertCenter?,
                logger: Logger = Logger(label: "segmentops.monitor")) {
        self.database = database
        self.config = config
        self.alerts = alerts
        self.logger = logger
    }

    public struct Result: Sendable, Encodable {
        public let summary: MonitorSummary
        public let rollback: String
        public let integrityOK: Bool
        public let alertChanges: [AlertEngine.Change]
        public let delivered: Int
        public let deliveryFailures: Int

        enum CodingKeys: String, CodingKey {
            case summary, rollback
            case integrityOK = "integrity_ok"
            case alertChanges = "alert_changes"
            case delivered
            case deliveryFailures = "delivery_failures"
        }
    }

    /// Runs the pass for `asOf` at `date`. Delivery is attempted when `deliver` is true, with `delivery`'s clock.
    /// With `respond` off (a backtest of a naive policy), a tripped guardrail is recorded but not acted on.
    public func run(asOf: Day, version: Int? = nil, at date: Date, deliver: Bool = true,
                    delivery: DeliveryTiming = .live, respond: Bool = true) async throws -> Result {
        let (summary, rollback, integrity, changes) = try await Offload.run {
            let summary = try Monitors(database: database, config: config).runAll(asOf: asOf, version: version, at: date)
            if let report = try FairnessMonitor(database: database, config: config).run(asOf: asOf, at: date),
               report.verdict == .fail {
                logger.warning("Fairness audit of production failed", metadata: ["reason": "\(report.verdictReason)"])
            }
            var rollback = "not applicable"
            if respond, let evaluation = summary.evaluation {
                let outcome = try RollbackGuard(database: database, config: config).respond(to: evaluation, at: date)
                rollback = MonitorCycle.describe(outcome)
                if outcome.eventType != nil { logger.warning("Guardrail response", metadata: ["rollback": "\(rollback)"]) }
            }
            let integrity = try RegistryVerifier(database: database).verify()
            try MonitorRunStore(database: database).record(kind: "integrity", asOf: asOf, version: nil,
                                                           status: integrity.ok ? "ok" : "failed",
                                                           figures: try JSONValue(encoding: integrity), at: date)
            let changes = try alerts?.evaluate(at: date) ?? []
            return (summary, rollback, integrity, changes)
        }
        var pass = OutboxDispatcher.Pass()
        if let alerts, deliver { pass = try await alerts.deliver(delivery, evaluatedAt: date) }
        return Result(summary: summary, rollback: rollback, integrityOK: integrity.ok, alertChanges: changes,
                      delivered: pass.delivered, deliveryFailures: pass.retried + pass.dead)
    }

    static func describe(_ outcome: RollbackGuard.Outcome) -> String {
        switch outcome {
        case .notApplicable: "not applicable (not the production version)"
        case .inconclusive(let n): "inconclusive (\(n) labelled rows): no action"
        case .healthy: "guardrails ok"
        case .rolledBack(let from, let to): "rolled back v\(from) → v\(to)"
        case .remediated(let from, let to): "remedial promotion v\(from) → v\(to) (significantly better on the same window)"
        case .noSafeTarget(let current, let tried):
            "guardrail tripped on v\(current); no safe rollback target (tried \(tried.isEmpty ? "none" : tried.map { "v\($0)" }.joined(separator: ", "))): kept v\(current)"
        case .conflict(let current): "production changed while deciding about v\(current): no action"
        }
    }
}

import Foundation
import Logging
import SegmentConfig
import SegmentStore

/// The alerting side of the control plane: rules loaded and validated at start, evaluation into durable state
/// and outbox, and delivery.
public struct AlertCenter: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let rules: [AlertRule]
    public let engine: AlertEngine
    public let dispatcher: OutboxDispatcher

    /// - Parameter random: the jitter source of the backoff (uniform in [0, 1]); injectable for tests.
    public init(database: any StoreBackend, config: SegmentOpsConfig, rules: [AlertRule],
                transport: any HTTPTransport = CurlTransport(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                logger: Logger = Logger(label: "segmentops.alerts")) {
        self.database = database
        self.config = config
        self.rules = rules
        engine = AlertEngine(database: database, config: config, rules: rules, logger: logger)
        dispatcher = OutboxDispatcher(database: database, config: config, transport: transport, random: random, logger: logger)
    }

    /// Loads the rules from `alerting.rules_dir`.
    public static func load(database: any StoreBackend, config: SegmentOpsConfig,
                            transport: any HTTPTransport = CurlTransport(),
                            logger: Logger = Logger(label: "segmentops.alerts")) throws -> AlertCenter {
        let rules = try RuleLoader(rulesDirectory: config.rulesDirectory, runbooksDirectory: config.runbooksDirectory).load()
        return AlertCenter(database: database, config: config, rules: rules, transport: transport, logger: logger)
    }

    @discardableResult
    public func evaluate(at date: Date) throws -> [AlertEngine.Change] {
        try engine.evaluate(at: date)
    }

    /// One delivery pass; dead letters immediately raise AlertDeliveryFailing (to the other receivers), evaluated
    /// at `evaluatedAt` (default: `now()`; a replay evaluates alerts on its simulated clock while delivering on
    /// real time). A notification that no receiver accepted is logged as lost.
    @discardableResult
    public func deliver(now: @escaping @Sendable () -> Date = { Date() }, evaluatedAt: Date? = nil,
                        giveUp: Bool = true) async throws -> OutboxDispatcher.Pass {
        try await deliver(DeliveryTiming(now: now, giveUp: giveUp), evaluatedAt: evaluatedAt)
    }

    /// One delivery pass with `timing`.
    @discardableResult
    public func deliver(_ timing: DeliveryTiming, evaluatedAt: Date? = nil) async throws -> OutboxDispatcher.Pass {
        let now = timing.now, giveUp = timing.giveUp
        let store = OutboxStore(database: database)
        let lostBefore = try store.lostCount()
        let pass = try await dispatcher.deliverDue(now: now, giveUp: giveUp)
        if pass.dead > 0 {
            try engine.evaluate(at: evaluatedAt ?? now(), sourcePrefix: "delivery.")
            for lost in try store.lost(limit: max(0, try store.lostCount() - lostBefore)) {
                engine.logger.critical("Alert notification lost: every receiver failed", metadata: [
                    "alert.rule": "\(lost.rule)", "alert.notification": "\(lost.notificationID)",
                    "alert.receivers": "\(lost.receivers)", "reason": "\(lost.reason)"])
            }
        }
        return pass
    }

    /// Sends a synthetic notification to one receiver through the outbox, end to end.
    public func sendTest(receiver name: String, at date: Date) throws -> String {
        guard config.alerting.receivers.contains(where: { $0.name == name }) else {
            throw AlertingError.unknownReceiver(name, known: config.alerting.receivers.map(\.name))
        }
        let id = "msg_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let now = Timestamp.format(date)
        let notification = AlertNotification(
            id: id, rule: "SegmentOpsTest", status: "firing", kind: "test", severity: "info", fingerprint: "test-" + String(id.suffix(8)),
            labels: ["alertname": "SegmentOpsTest", "severity": "info"],
            annotations: ["summary": "Test notification from segmentops: if you can read this, delivery to '\(name)' works",
                          "description": "Sent by `segmentops alerts test \(name)`. No action needed.",
                          "runbook_url": config.alerting.externalURL + "/v1/runbooks"],
            startsAt: now, endsAt: "", generatorURL: config.alerting.externalURL + "/v1/alerts")
        try OutboxStore(database: database).enqueue(NewNotification(
            id: id, fingerprint: notification.fingerprint, rule: notification.rule, severity: "info", status: "firing",
            payload: try JSONEncoderFactory.text(notification), receivers: [name]), at: date)
        return id
    }
}

public enum AlertingError: Error, CustomStringConvertible {
    case unknownReceiver(String, known: [String])

    public var description: String {
        switch self {
        case .unknownReceiver(let name, let known):
            "no receiver named '\(name)' in alerting.receivers" + (known.isEmpty ? " (none are configured)" : "; configured: \(known.joined(separator: ", "))")
        }
    }
}

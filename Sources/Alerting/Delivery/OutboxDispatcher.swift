import Foundation
import Logging
import SegmentConfig
import SegmentStore

/// Delivers what the outbox owes: a delivery is done only after a 2xx; failures back off with full jitter per
/// receiver (one failing receiver never holds up the others, and is not hammered); `Retry-After` is honoured;
/// a permanent 4xx or 24 hours of failures (counted from the first attempt) send it to the dead letters. With
/// `giveUp` off (a replay in progress) only a permanent 4xx does.
public struct OutboxDispatcher: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let transport: any HTTPTransport
    public let random: @Sendable () -> Double
    public let logger: Logger

    public init(database: any StoreBackend, config: SegmentOpsConfig, transport: any HTTPTransport = CurlTransport(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                logger: Logger = Logger(label: "segmentops.outbox")) {
        self.database = database
        self.config = config
        self.transport = transport
        self.random = random
        self.logger = logger
    }

    public struct Pass: Sendable, Equatable {
        public var delivered = 0
        public var retried = 0
        public var dead = 0
        public var attempted: Int { delivered + retried + dead }
        public init() {}
    }

    var policy: RetryPolicy {
        let d = config.alerting.delivery
        return RetryPolicy(base: d.backoffBase, cap: d.backoffCap, giveUpAfter: d.giveUpAfter)
    }

    /// Delivers every due item once. `now` is called for each attempt's timestamps.
    public func deliverDue(now: @escaping @Sendable () -> Date = { Date() }, giveUp: Bool = true) async throws -> Pass {
        let store = OutboxStore(database: database)
        let due = try store.due(at: now(), limit: 500)
        let byReceiver = Dictionary(grouping: due, by: \.receiver)
        return try await withThrowingTaskGroup(of: Pass.self) { group in
            for (receiver, items) in byReceiver {
                group.addTask { try await deliver(items, to: receiver, now: now, giveUp: giveUp) }
            }
            var total = Pass()
            for try await pass in group {
                total.delivered += pass.delivered
                total.retried += pass.retried
                total.dead += pass.dead
            }
            return total
        }
    }

    func deliver(_ items: [OutboxItem], to name: String, now: @Sendable () -> Date, giveUp: Bool) async throws -> Pass {
        let store = OutboxStore(database: database)
        var pass = Pass()
        guard let receiver = config.alerting.receivers.first(where: { $0.name == name }) else {
            for item in items {
                try store.markDead(item.id, status: nil, error: "receiver '\(name)' is not configured",
                                   reason: "receiver removed from configuration", at: now())
                pass.dead += 1
            }
            return pass
        }
        let d = config.alerting.delivery
        for (index, item) in items.enumerated() {
            let attemptAt = now()
            let notification = try JSONDecoder().decode(AlertNotification.self, from: Data(item.payload.utf8))
            let request = try ReceiverFormat.request(for: notification, receiver: receiver, at: attemptAt)
            let result = await transport.send(request, connectTimeout: d.connectTimeout, timeout: d.timeout)
            let finished = now()
            if result.isSuccess {
                try store.markDelivered(item.id, status: result.status!, at: finished)
                pass.delivered += 1
                logger.info("Alert delivered", metadata: ["alert.rule": "\(item.rule)", "alert.receiver": "\(name)",
                                                          "alert.notification": "\(item.notificationID)"])
                continue
            }
            let error = result.error ?? "HTTP \(result.status!)" + OutboxDispatcher.snippet(result.body)
            let next: Date
            switch policy.next(after: result, attempts: item.attempts, finished: finished, random: random()) {
            case .permanent(let status):
                try store.markDead(item.id, status: status, error: error,
                                   reason: "permanent client error HTTP \(status): fix the receiver configuration", at: finished)
                pass.dead += 1
                logger.error("Alert delivery dead-lettered", metadata: ["alert.receiver": "\(name)", "http.status": "\(status)"])
                continue
            case .retry(let at):
                next = at
            }
            let firstAttempt = item.firstAttemptAt.flatMap(Timestamp.parse) ?? attemptAt
            if giveUp && next.timeIntervalSince(firstAttempt) > policy.giveUpAfter {
                try store.markDead(item.id, status: result.status, error: error,
                                   reason: "no 2xx within \(DurationText.format(policy.giveUpAfter))", at: finished)
                pass.dead += 1
                logger.error("Alert delivery gave up", metadata: ["alert.receiver": "\(name)", "error": "\(error)"])
            } else {
                try store.markRetry(item.id, status: result.status, error: error, next: next, at: finished)
                pass.retried += 1
                logger.warning("Alert delivery failed; will retry",
                               metadata: ["alert.receiver": "\(name)", "error": "\(error)",
                                          "retry.in_s": "\(Int(next.timeIntervalSince(finished)))"])
            }
            // The receiver is failing: leave its other items for their own next attempt instead of a storm.
            for other in items[(index + 1)...] {
                try store.postpone(other.id, until: max(next, Timestamp.parse(other.nextAttemptAt) ?? next),
                                   note: "deferred: receiver failing (\(error))")
                pass.retried += 1
            }
            break
        }
        return pass
    }

    static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": \(text)"
    }
}

import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentStore

/// Delivers the change feed from its durable outbox: per destination strictly in order, one NDJSON batch of
/// CloudEvents per POST, signed like alert webhooks (Standard Webhooks) and carrying the batch's stable id on every
/// retry. A failure backs off (full jitter, `Retry-After`) and holds that destination's later batches, so customers'
/// events never overtake each other; a permanent 4xx dead-letters the batch (its events stay in the pull API).
public struct FeedDispatcher: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let transport: any HTTPTransport
    public let random: @Sendable () -> Double
    public let logger: Logger
    /// Batches one destination is sent per pass at most (a pass returns so others get their turn).
    public var maxBatchesPerPass = 1000

    public init(database: any StoreBackend, config: SegmentOpsConfig, transport: any HTTPTransport = CurlTransport(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                logger: Logger = Logger(label: "segmentops.feed")) {
        self.database = database
        self.config = config
        self.transport = transport
        self.random = random
        self.logger = logger
    }

    public struct Pass: Sendable, Equatable {
        public var batches = 0
        public var events = 0
        public var failed = 0
        public var dead = 0
        public init() {}
    }

    /// Delivers what is due to every destination, concurrently across destinations.
    public func deliver(now: @escaping @Sendable () -> Date = { Date() }) async throws -> Pass {
        try await withThrowingTaskGroup(of: Pass.self) { group in
            for destination in config.segments.feed.destinations {
                group.addTask { try await deliver(to: destination, now: now) }
            }
            var total = Pass()
            for try await p in group {
                total.batches += p.batches
                total.events += p.events
                total.failed += p.failed
                total.dead += p.dead
            }
            return total
        }
    }

    func deliver(to destination: FeedDestination, now: @Sendable () -> Date) async throws -> Pass {
        let store = FeedOutboxStore(database: database)
        let d = config.alerting.delivery
        let policy = RetryPolicy(base: d.backoffBase, cap: d.backoffCap, giveUpAfter: d.giveUpAfter)
        var pass = Pass()
        while pass.batches < maxBatchesPerPass, let batch = try store.next(for: destination.name) {
            let attemptAt = now()
            guard (Timestamp.parse(batch.nextAttemptAt) ?? attemptAt) <= attemptAt else { break }
            let request = try self.request(batch, to: destination)
            let result = await transport.send(request, connectTimeout: d.connectTimeout, timeout: d.timeout)
            let finished = now()
            if result.isSuccess {
                try store.markDelivered(batch.id, status: result.status!, at: finished)
                pass.batches += 1
                pass.events += batch.events
                continue
            }
            let error = result.error ?? "HTTP \(result.status!)"
            switch policy.next(after: result, attempts: batch.attempts, finished: finished, random: random()) {
            case .permanent(let status):
                try store.markDead(batch.id, status: status, error: error, at: finished)
                pass.dead += 1
                logger.error("Segment feed batch dead-lettered; its events stay available from /v1/segment-events",
                             metadata: ["feed.destination": "\(destination.name)", "feed.batch": "\(batch.deliveryID)",
                                        "http.status": "\(status)"])
                continue
            case .retry(let next):
                try store.markRetry(batch.id, status: result.status, error: error, next: next, at: finished)
                logger.warning("Segment feed delivery failed; will retry in order",
                               metadata: ["feed.destination": "\(destination.name)", "error": "\(error)",
                                          "retry.in_s": "\(Int(next.timeIntervalSince(finished)))"])
            }
            pass.failed += 1
            break
        }
        return pass
    }

    /// One batch as the destination receives it: NDJSON of CloudEvents 1.0 envelopes.
    func request(_ batch: FeedBatch, to destination: FeedDestination) throws -> HTTPRequest {
        let events = try FeedOutboxStore(database: database).events(batch)
        let source = config.segments.feed.source
        var body = Data()
        for e in events {
            body.append(contentsOf: e.cloudEvent(source: source).utf8)
            body.append(UInt8(ascii: "\n"))
        }
        var headers = [("Content-Type", "application/x-ndjson"), ("Idempotency-Key", batch.deliveryID),
                       ("SegmentOps-Feed-Range", "\(batch.firstEvent)-\(batch.lastEvent)")]
        if let secret = destination.secret {
            headers += WebhookSigner.headers(id: batch.deliveryID, timestamp: Int(Date().timeIntervalSince1970), body: body,
                                             secret: secret)
        } else {
            headers.append(("webhook-id", batch.deliveryID))
        }
        return HTTPRequest(url: destination.url, headers: headers, body: body)
    }
}

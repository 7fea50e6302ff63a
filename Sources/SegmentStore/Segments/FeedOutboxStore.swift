import Foundation
import SegmentModel

/// One delivery of a batch of feed events (a contiguous range of `segment_event` ids) to one destination.
public struct FeedBatch: Sendable, Equatable, Codable, SQLRecord {
    public let id: Int
    public let destination: String
    public let firstEvent: Int
    public let lastEvent: Int
    public let events: Int
    public let state: String
    public let attempts: Int
    public let createdAt: String
    public let nextAttemptAt: String
    public let firstAttemptAt: String?
    public let lastStatus: Int?
    public let lastError: String?
    public let deliveredAt: String?

    enum CodingKeys: String, CodingKey {
        case id, destination, events, state, attempts
        case firstEvent = "first_event"
        case lastEvent = "last_event"
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case firstAttemptAt = "first_attempt_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case deliveredAt = "delivered_at"
    }

    /// The idempotency key of this batch: the same on every retry.
    public var deliveryID: String { "feed_\(destination)_\(firstEvent)_\(lastEvent)" }
}

/// The feed's durable outbox: batches written with their events, delivered in order per destination until a 2xx.
public struct FeedOutboxStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    /// Splits `events` (ascending ids) into batches for every destination (inside the caller's transaction).
    static func enqueue(_ db: any SQLExecutor, events: [Int], destinations: [String], batchSize: Int, at date: Date) throws {
        guard !events.isEmpty else { return }
        let now = Timestamp.format(date)
        for destination in destinations {
            for start in stride(from: 0, to: events.count, by: batchSize) {
                let chunk = events[start..<min(events.count, start + batchSize)]
                try db.run("""
                    INSERT INTO feed_outbox (destination, first_event, last_event, events, state, attempts, created_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
                    """, [destination, chunk.first!, chunk.last!, chunk.count, now, now])
            }
        }
    }

    /// The oldest pending batch of `destination` (batches go out strictly in order).
    public func next(for destination: String) throws -> FeedBatch? {
        try backend.read { db in
            try db.record("SELECT * FROM feed_outbox WHERE destination = ? AND state = 'pending' ORDER BY id LIMIT 1",
                                   [destination], as: FeedBatch.self)
        }
    }

    /// The events of a batch, in feed order.
    public func events(_ batch: FeedBatch) throws -> [SegmentEventRecord] {
        try SegmentStateStore(database: backend).events(from: batch.firstEvent, through: batch.lastEvent)
    }

    public func markDelivered(_ id: Int, status: Int, at date: Date) throws {
        try update(id, state: "delivered", status: status, error: nil, next: nil, at: date)
    }

    public func markRetry(_ id: Int, status: Int?, error: String, next: Date, at date: Date) throws {
        try update(id, state: "pending", status: status, error: error, next: next, at: date)
    }

    public func markDead(_ id: Int, status: Int?, error: String, at date: Date) throws {
        try update(id, state: "dead", status: status, error: error, next: nil, at: date)
    }

    private func update(_ id: Int, state: String, status: Int?, error: String?, next: Date?, at date: Date) throws {
        try backend.write { db in
            try db.run("""
                UPDATE feed_outbox SET state = ?2, attempts = attempts + 1, last_attempt_at = ?1,
                    first_attempt_at = COALESCE(first_attempt_at, ?1), last_status = ?3, last_error = ?4,
                    next_attempt_at = COALESCE(?5, next_attempt_at),
                    delivered_at = CASE WHEN ?2 = 'delivered' THEN ?1 ELSE delivered_at END
                WHERE id = ?6 AND state = 'pending'
                """, [Timestamp.format(date), state, status, error, next.map(Timestamp.format), id])
        }
    }

    /// Pending batches and events per destination, and how many batches were given up.
    public func depth() throws -> [(destination: String, pending: Int, events: Int, dead: Int)] {
        try backend.read { db in
            try db.rows("""
                SELECT destination, SUM(state = 'pending'), COALESCE(SUM(CASE WHEN state = 'pending' THEN events END), 0),
                       SUM(state = 'dead')
                FROM feed_outbox GROUP BY destination ORDER BY destination
                """).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }
}

import Foundation

/// One delivery of one notification to one receiver.
public struct OutboxItem: Sendable, Equatable, Encodable, SQLRecord {
    public let id: Int
    /// The notification's stable id: the idempotency key on every retry.
    public let notificationID: String
    public let receiver: String
    public let state: String
    public let attempts: Int
    public let createdAt: String
    public let nextAttemptAt: String
    public let lastAttemptAt: String?
    /// When the first attempt was made (the give-up clock starts there).
    public let firstAttemptAt: String?
    public let lastStatus: Int?
    public let lastError: String?
    public let deliveredAt: String?
    /// Joined from the notification.
    public let rule: String
    public let status: String
    public let severity: String
    public let payload: String

    enum CodingKeys: String, CodingKey {
        case id, receiver, state, attempts, rule, status, severity
        case notificationID = "notification_id"
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case lastAttemptAt = "last_attempt_at"
        case firstAttemptAt = "first_attempt_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case deliveredAt = "delivered_at"
    }

    public init(row: SQLRow) throws {
        id = row["id"]
        notificationID = row["notification_id"]
        receiver = row["receiver"]
        state = row["state"]
        attempts = row["attempts"]
        createdAt = row["created_at"]
        nextAttemptAt = row["next_attempt_at"]
        lastAttemptAt = row["last_attempt_at"]
        firstAttemptAt = row["first_attempt_at"]
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        deliveredAt = row["delivered_at"]
        rule = row["rule"]
        status = row["status"]
        severity = row["severity"]
        payload = row["payload"]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(notificationID, forKey: .notificationID)
        try c.encode(receiver, forKey: .receiver)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(lastAttemptAt, forKey: .lastAttemptAt)
        try c.encode(firstAttemptAt, forKey: .firstAttemptAt)
        try c.encode(lastStatus, forKey: .lastStatus)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(deliveredAt, forKey: .deliveredAt)
        try c.encode(rule, forKey: .rule)
        try c.encode(status, forKey: .status)
        try c.encode(severity, forKey: .severity)
    }
}

/// A notification to be delivered: written with the alert state change, in the same transaction.
public struct NewNotification: Sendable {
    public let id: String
    public let fingerprint: String
    public let rule: String
    public let severity: String
    public let status: String
    public let payload: String
    public let receivers: [String]

    public init(id: String, fingerprint: String, rule: String, severity: String, status: String, payload: String,
                receivers: [String]) {
        self.id = id
        self.fingerprint = fingerprint
        self.rule = rule
        self.severity = severity
        self.status = status
        self.payload = payload
        self.receivers = receivers
    }
}

/// The durable outbox: what is owed to which receiver, until a 2xx or the dead letters.
public struct OutboxStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    static let select = """
        SELECT o.*, n.rule, n.status, n.severity, n.payload FROM outbox o JOIN notification n ON n.id = o.notification_id
        """

    /// Inserts a notification and one outbox row per receiver (inside the caller's transaction).
    public static func enqueue(_ db: any SQLExecutor, _ n: NewNotification, at date: Date) throws {
        let now = Timestamp.format(date)
        try db.run("""
            INSERT INTO notification (id, created_at, fingerprint, rule, severity, status, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [n.id, now, n.fingerprint, n.rule, n.severity, n.status, n.payload])
        for receiver in n.receivers {
            try db.run("""
                INSERT INTO outbox (notification_id, receiver, state, attempts, created_at, next_attempt_at)
                VALUES (?, ?, 'pending', 0, ?, ?)
                """, [n.id, receiver, now, now])
        }
    }

    public func enqueue(_ n: NewNotification, at date: Date) throws {
        try backend.write { db in try OutboxStore.enqueue(db, n, at: date) }
    }

    /// Pending deliveries due at `date`, oldest first.
    public func due(at date: Date, limit: Int = 100) throws -> [OutboxItem] {
        try backend.read { db in
            try db.records(OutboxStore.select + " WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?",
                                    [Timestamp.format(date), limit], as: OutboxItem.self)
        }
    }

    /// The earliest time a pending delivery is due, if any.
    public func nextDue() throws -> Date? {
        try backend.read { db in
            try db.value("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'", as: String.self).flatMap(Timestamp.parse)
        }
    }

    public func markDelivered(_ id: Int, status: Int, at date: Date) throws {
        try backend.write { db in
            try db.run("""
                UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_attempt_at = ?1,
                                  first_attempt_at = COALESCE(first_attempt_at, ?1), last_status = ?,
                                  last_error = NULL, delivered_at = ? WHERE id = ? AND state = 'pending'
                """, [Timestamp.format(date), status, Timestamp.format(date), id])
        }
    }

    public func markRetry(_ id: Int, status: Int?, error: String, next: Date, at date: Date) throws {
        try backend.write { db in
            try db.run("""
                UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?1, first_attempt_at = COALESCE(first_attempt_at, ?1),
                                  last_status = ?, last_error = ?,
                                  next_attempt_at = ? WHERE id = ? AND state = 'pending'
                """, [Timestamp.format(date), status, error, Timestamp.format(next), id])
        }
    }

    /// Moves a delivery's next attempt later without counting an attempt (its receiver is failing).
    public func postpone(_ id: Int, until next: Date, note: String) throws {
        try backend.write { db in
            try db.run("UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
                           [Timestamp.format(next), note, id])
        }
    }

    /// Moves a delivery to the dead letters.
    public func markDead(_ id: Int, status: Int?, error: String, reason: String, at date: Date) throws {
        try backend.write { db in
            let now = Timestamp.format(date)
            let changed = try db.run("""
                UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_attempt_at = ?1,
                                  first_attempt_at = COALESCE(first_attempt_at, ?1), last_status = ?,
                                  last_error = ? WHERE id = ? AND state = 'pending'
                """, [now, status, error, id])
            guard changed == 1 else { return }
            try db.run("""
                INSERT INTO dead_letter (outbox_id, notification_id, receiver, died_at, attempts, last_status, last_error, reason)
                SELECT id, notification_id, receiver, ?, attempts, last_status, last_error, ? FROM outbox WHERE id = ?
                """, [now, reason, id])
        }
    }

    /// Deliveries, newest first; only dead ones with `failed`.
    public func list(failed: Bool = false, limit: Int = 100) throws -> [OutboxItem] {
        try backend.read { db in
            try db.records(OutboxStore.select + (failed ? " WHERE o.state = 'dead'" : "") + " ORDER BY o.id DESC LIMIT ?",
                                    [limit], as: OutboxItem.self)
        }
    }

    /// Pending count and the oldest pending creation time.
    public func depth() throws -> (pending: Int, oldest: Date?) {
        try backend.read { db in
            let row = try db.row("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'pending'")
            return (row?[0] ?? 0, (row?[1] as String?).flatMap(Timestamp.parse))
        }
    }

    /// Dead letters per receiver since `date`.
    public func deadLetters(since date: Date) throws -> [String: Int] {
        try backend.read { db in
            let rows = try db.rows("SELECT receiver, COUNT(*) FROM dead_letter WHERE died_at >= ? GROUP BY receiver",
                                        [Timestamp.format(date)])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }
}

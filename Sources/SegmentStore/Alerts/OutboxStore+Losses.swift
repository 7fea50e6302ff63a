import Foundation

/// A notification no receiver accepted: every delivery of it is in the dead letters.
public struct LostNotification: Sendable, Equatable, Codable, SQLRecord {
    public let notificationID: String
    public let rule: String
    public let severity: String
    public let status: String
    public let createdAt: String
    /// When its last delivery was given up.
    public let lostAt: String
    public let receivers: String
    public let reason: String

    enum CodingKeys: String, CodingKey {
        case rule, severity, status, receivers, reason
        case notificationID = "notification_id"
        case createdAt = "created_at"
        case lostAt = "lost_at"
    }
}

/// What is owed to one receiver and not yet delivered.
public struct UndeliveredCount: Sendable, Equatable, Codable {
    public let receiver: String
    public let pending: Int
    public let lastError: String?

    enum CodingKeys: String, CodingKey {
        case receiver, pending
        case lastError = "last_error"
    }
}

extension OutboxStore {
    /// Notifications that reached no receiver — every outbox row dead — newest loss first. The at-least-once
    /// contract is broken for exactly these; `status`, `alerts deliveries --failed`, `/metrics` and the exit codes
    /// of `replay` and `monitor` report them.
    public func lost(limit: Int = 100) throws -> [LostNotification] {
        try backend.read { db in
            try db.records("""
                SELECT n.id AS notification_id, n.rule, n.severity, n.status, n.created_at,
                       MAX(d.died_at) AS lost_at, \(db.dialect == .postgres ? "string_agg" : "group_concat")(o.receiver, ', ') AS receivers,
                       MAX(d.reason) AS reason
                FROM notification n JOIN outbox o ON o.notification_id = n.id
                LEFT JOIN dead_letter d ON d.outbox_id = o.id
                GROUP BY n.id
                HAVING SUM(CASE WHEN o.state <> 'dead' THEN 1 ELSE 0 END) = 0
                ORDER BY lost_at DESC LIMIT ?
                """, [limit], as: LostNotification.self)
        }
    }

    /// How many notifications are lost in all.
    public func lostCount() throws -> Int {
        try backend.read { db in
            try db.value("""
                SELECT COUNT(*) FROM (SELECT notification_id FROM outbox GROUP BY notification_id
                                      HAVING SUM(CASE WHEN state <> 'dead' THEN 1 ELSE 0 END) = 0) AS lost
                """, as: Int.self) ?? 0
        }
    }

    /// Pending deliveries per receiver, with the last error seen.
    public func undelivered() throws -> [UndeliveredCount] {
        try backend.read { db in
            try db.rows("""
                SELECT receiver, COUNT(*),
                       (SELECT last_error FROM outbox i WHERE i.receiver = o.receiver AND i.state = 'pending'
                        AND i.last_error IS NOT NULL ORDER BY i.last_attempt_at DESC LIMIT 1)
                FROM outbox o WHERE state = 'pending' GROUP BY receiver ORDER BY receiver
                """).map { UndeliveredCount(receiver: $0[0], pending: $0[1], lastError: $0[2]) }
        }
    }
}

import Foundation

/// The persisted state of one alert (rule + labels = fingerprint): inactive → pending → firing → resolved.
public struct AlertStateRecord: Sendable, Equatable, Codable, SQLRecord {
    public enum State: String, Sendable, Codable {
        case inactive, pending, firing, resolved
    }

    public var fingerprint: String
    public var rule: String
    public var labels: [String: String]
    public var severity: String
    public var state: State
    /// Consecutive evaluations the condition has held (towards `for`).
    public var pendingCount: Int
    /// When the condition started holding in this episode.
    public var activeSince: String?
    public var firingSince: String?
    /// The last evaluation at which the condition held (for `keep_firing_for`).
    public var lastActiveAt: String?
    public var lastEvaluatedAt: String
    /// A firing notification was sent for the current episode (so a resolve is owed).
    public var notified: Bool
    public var lastNotifiedAt: String?
    public var resolvedAt: String?
    /// Held firing by flap suppression.
    public var flapping: Bool
    /// Timestamps of recent state changes (flap detection).
    public var changes: [String]
    public var figures: [String: String]
    public var summary: String
    public var description: String

    enum CodingKeys: String, CodingKey {
        case fingerprint, rule, labels, severity, state, notified, flapping, changes, figures, summary, description
        case pendingCount = "pending_count"
        case activeSince = "active_since"
        case firingSince = "firing_since"
        case lastActiveAt = "last_active_at"
        case lastEvaluatedAt = "last_evaluated_at"
        case lastNotifiedAt = "last_notified_at"
        case resolvedAt = "resolved_at"
    }

    public init(fingerprint: String, rule: String, labels: [String: String], severity: String, evaluatedAt: String) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.labels = labels
        self.severity = severity
        state = .inactive
        pendingCount = 0
        lastEvaluatedAt = evaluatedAt
        notified = false
        flapping = false
        changes = []
        figures = [:]
        summary = ""
        description = ""
    }

    public init(row: SQLRow) throws {
        func json<T: Decodable>(_ column: String, _ type: T.Type) throws -> T {
            try JSONDecoder().decode(T.self, from: Data((row[column] as String).utf8))
        }
        fingerprint = row["fingerprint"]
        rule = row["rule"]
        labels = try json("labels", [String: String].self)
        severity = row["severity"]
        state = State(rawValue: row["state"]) ?? .inactive
        pendingCount = row["pending_count"]
        activeSince = row["active_since"]
        firingSince = row["firing_since"]
        lastActiveAt = row["last_active_at"]
        lastEvaluatedAt = row["last_evaluated_at"]
        notified = row["notified"]
        lastNotifiedAt = row["last_notified_at"]
        resolvedAt = row["resolved_at"]
        flapping = row["flapping"]
        changes = try json("changes", [String].self)
        figures = try json("figures", [String: String].self)
        summary = row["summary"]
        description = row["description"]
    }

    public func save(_ db: any SQLExecutor) throws {
        let encoder = JSONEncoderFactory.sorted()
        func text(_ v: some Encodable) throws -> String { String(decoding: try encoder.encode(v), as: UTF8.self) }
        try db.run("""
            INSERT INTO alert_state (fingerprint, rule, labels, severity, state, pending_count, active_since,
                firing_since, last_active_at, last_evaluated_at, notified, last_notified_at, resolved_at, flapping,
                changes, figures, summary, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fingerprint) DO UPDATE SET
                severity = excluded.severity, state = excluded.state, pending_count = excluded.pending_count,
                active_since = excluded.active_since, firing_since = excluded.firing_since,
                last_active_at = excluded.last_active_at, last_evaluated_at = excluded.last_evaluated_at,
                notified = excluded.notified, last_notified_at = excluded.last_notified_at,
                resolved_at = excluded.resolved_at, flapping = excluded.flapping, changes = excluded.changes,
                figures = excluded.figures, summary = excluded.summary, description = excluded.description
            """, [fingerprint, rule, try text(labels), severity, state.rawValue, pendingCount, activeSince,
                             firingSince, lastActiveAt, lastEvaluatedAt, notified, lastNotifiedAt, resolvedAt, flapping,
                             try text(changes), try text(figures), summary, description])
    }
}

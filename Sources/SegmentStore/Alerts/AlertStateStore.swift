import Foundation
import GRDB

/// Reads alert states (the alert engine in the Alerting module writes them with their outbox rows).
public struct AlertStateStore: Sendable {
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    public func all() throws -> [AlertStateRecord] {
        try database.writer.read { db in
            try AlertStateRecord.fetchAll(db, sql: "SELECT * FROM alert_state ORDER BY rule, fingerprint")
        }
    }

    /// Alerts firing now, optionally only those labelled with `category` and of `severity`.
    public func firing(category: String? = nil, severity: String? = nil) throws -> [AlertStateRecord] {
        try all().filter { record in
            record.state == .firing
                && (category == nil || record.labels["category"] == category)
                && (severity == nil || record.severity == severity)
        }
    }

    /// State transitions, newest first.
    public func transitions(rule: String? = nil, since: String? = nil, limit: Int = 200) throws -> [AlertTransition] {
        try database.writer.read { db in
            var sql = "SELECT * FROM alert_transition WHERE 1"
            var args = StatementArguments()
            if let rule { sql += " AND rule = ?"; args += [rule] }
            if let since { sql += " AND at >= ?"; args += [since] }
            sql += " ORDER BY id DESC LIMIT ?"
            args += [limit]
            return try AlertTransition.fetchAll(db, sql: sql, arguments: args)
        }
    }
}

/// One change of an alert's state, kept forever for `alerts history`.
public struct AlertTransition: Sendable, Equatable, Codable, FetchableRecord {
    public let id: Int
    public let at: String
    public let fingerprint: String
    public let rule: String
    public let from: String
    public let to: String
    public let figures: JSONValue
    public let note: String?

    public init(row: Row) throws {
        id = row["id"]
        at = row["at"]
        fingerprint = row["fingerprint"]
        rule = row["rule"]
        from = row["from_state"]
        to = row["to_state"]
        figures = (try? JSONValue(parsing: row["figures"] as String)) ?? .null
        note = row["note"]
    }
}

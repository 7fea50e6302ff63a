import Foundation

/// Reads alert states (the alert engine in the Alerting module writes them with their outbox rows).
public struct AlertStateStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    public func all() throws -> [AlertStateRecord] {
        try backend.read { db in
            try db.records("SELECT * FROM alert_state ORDER BY rule, fingerprint", as: AlertStateRecord.self)
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
        try backend.read { db in
            var sql = "SELECT * FROM alert_transition WHERE TRUE"
            var args: [(any SQLValueConvertible)?] = []
            if let rule { sql += " AND rule = ?"; args.append(rule) }
            if let since { sql += " AND at >= ?"; args.append(since) }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try db.records(sql, args, as: AlertTransition.self)
        }
    }
}

/// One change of an alert's state, kept forever for `alerts history`.
public struct AlertTransition: Sendable, Equatable, Codable, SQLRecord {
    public let id: Int
    public let at: String
    public let fingerprint: String
    public let rule: String
    public let from: String
    public let to: String
    public let figures: JSONValue
    public let note: String?

    public init(row: SQLRow) throws {
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

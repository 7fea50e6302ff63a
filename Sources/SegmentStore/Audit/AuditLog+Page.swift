import GRDB

extension AuditLog {
    /// Which entries a page of the audit log shows.
    public struct Filter: Sendable, Equatable {
        public var actions: [String] = []
        /// A substring of the actor.
        public var actor: String?
        /// Entries about this version (as the subject or the other version).
        public var version: Int?
        /// Entries at or after / before these stored timestamps.
        public var since: String?
        public var until: String?
        /// Entries with these sequence numbers only.
        public var seqs: [Int]?
        public init(actions: [String] = [], actor: String? = nil, version: Int? = nil, since: String? = nil,
                    until: String? = nil, seqs: [Int]? = nil) {
            self.actions = actions
            self.actor = actor
            self.version = version
            self.since = since
            self.until = until
            self.seqs = seqs
        }
    }

    /// Entries matching `filter`, newest first, `limit` from `offset`, and how many match in all.
    public static func page(_ db: Database, filter: Filter, offset: Int, limit: Int) throws -> (entries: [AuditEntry], total: Int) {
        let (whereClause, arguments) = filter.sql
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE \(whereClause)", arguments: arguments) ?? 0
        let entries = try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE \(whereClause) ORDER BY seq DESC LIMIT ? OFFSET ?",
                                              arguments: arguments + [limit, offset])
        return (entries, total)
    }

    /// Like `page`, without the evidence: for lists.
    public static func summaries(_ db: Database, filter: Filter, offset: Int, limit: Int) throws -> (entries: [AuditSummary], total: Int) {
        let (whereClause, arguments) = filter.sql
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE \(whereClause)", arguments: arguments) ?? 0
        let entries = try AuditSummary.fetchAll(
            db, sql: "SELECT \(AuditSummary.columns) FROM audit_log WHERE \(whereClause) ORDER BY seq DESC LIMIT ? OFFSET ?",
            arguments: arguments + [limit, offset])
        return (entries, total)
    }

    /// The distinct actions in the log (for a filter's choices).
    public static func actions(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT action FROM audit_log ORDER BY action")
    }
}

extension AuditLog.Filter {
    /// The WHERE clause and its arguments.
    var sql: (String, StatementArguments) {
        let filter = self
        var clauses = ["1"]
        var arguments = StatementArguments()
        if !filter.actions.isEmpty {
            clauses.append("action IN (\(filter.actions.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(filter.actions)
        }
        if let actor = filter.actor, !actor.isEmpty {
            clauses.append("instr(actor, ?) > 0")
            arguments += [actor]
        }
        if let version = filter.version {
            clauses.append("(version = ? OR other_version = ?)")
            arguments += [version, version]
        }
        if let since = filter.since {
            clauses.append("at >= ?")
            arguments += [since]
        }
        if let until = filter.until {
            clauses.append("at < ?")
            arguments += [until]
        }
        if let seqs = filter.seqs {
            clauses.append("seq IN (\(seqs.isEmpty ? "NULL" : seqs.map(String.init).joined(separator: ",")))")
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

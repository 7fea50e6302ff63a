
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
    public static func page(_ db: any SQLExecutor, filter: Filter, offset: Int, limit: Int) throws -> (entries: [AuditEntry], total: Int) {
        let (whereClause, arguments) = filter.sql(db.dialect)
        let total = try db.value("SELECT count(*) FROM audit_log WHERE \(whereClause)", arguments) ?? 0
        let entries: [AuditEntry] = try db.records(
            "SELECT * FROM audit_log WHERE \(whereClause) ORDER BY seq DESC LIMIT ? OFFSET ?", arguments + [limit, offset])
        return (entries, total)
    }

    /// Like `page`, without the evidence: for lists.
    public static func summaries(_ db: any SQLExecutor, filter: Filter, offset: Int, limit: Int) throws -> (entries: [AuditSummary], total: Int) {
        let (whereClause, arguments) = filter.sql(db.dialect)
        let total = try db.value("SELECT count(*) FROM audit_log WHERE \(whereClause)", arguments) ?? 0
        let entries: [AuditSummary] = try db.records(
            "SELECT \(AuditSummary.columns(db.dialect)) FROM audit_log WHERE \(whereClause) ORDER BY seq DESC LIMIT ? OFFSET ?",
            arguments + [limit, offset])
        return (entries, total)
    }

    /// The distinct actions in the log (for a filter's choices).
    public static func actions(_ db: any SQLExecutor) throws -> [String] {
        try db.values("SELECT DISTINCT action FROM audit_log ORDER BY action")
    }
}

extension AuditLog.Filter {
    /// The WHERE clause and its arguments.
    func sql(_ dialect: SQLDialect) -> (String, [(any SQLValueConvertible)?]) {
        let filter = self
        var clauses = ["TRUE"]
        var arguments: [(any SQLValueConvertible)?] = []
        if !filter.actions.isEmpty {
            clauses.append("action IN (\(filter.actions.map { _ in "?" }.joined(separator: ",")))")
            arguments += filter.actions.map { $0 }
        }
        if let actor = filter.actor, !actor.isEmpty {
            clauses.append(dialect == .postgres ? "strpos(actor, ?) > 0" : "instr(actor, ?) > 0")
            arguments.append(actor)
        }
        if let version = filter.version {
            clauses.append("(version = ? OR other_version = ?)")
            arguments += [version, version] as [(any SQLValueConvertible)?]
        }
        if let since = filter.since {
            clauses.append("at >= ?")
            arguments.append(since)
        }
        if let until = filter.until {
            clauses.append("at < ?")
            arguments.append(until)
        }
        if let seqs = filter.seqs {
            clauses.append("seq IN (\(seqs.isEmpty ? "NULL" : seqs.map(String.init).joined(separator: ",")))")
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

import Foundation

/// The append-only, hash-chained audit log. Appends happen inside the caller's transaction, so an entry and the
/// change it records commit together or not at all.
public enum AuditLog {
    public static let genesisHash = String(repeating: "0", count: 64)

    /// What one append records.
    public struct Record: Sendable {
        public var actor: String
        public var action: String
        public var version: Int?
        public var otherVersion: Int?
        public var outcome = "ok"
        public var reason: String?
        public var before: String?
        public var after: String?
        public var evidence: JSONValue = .object([:])

        public init(actor: String, action: String, version: Int? = nil, otherVersion: Int? = nil, outcome: String = "ok",
                    reason: String? = nil, before: String? = nil, after: String? = nil,
                    evidence: JSONValue = .object([:])) {
            self.actor = actor
            self.action = action
            self.version = version
            self.otherVersion = otherVersion
            self.outcome = outcome
            self.reason = reason
            self.before = before
            self.after = after
            self.evidence = evidence
        }
    }

    /// Appends `record` at `date`, chaining it to the last entry.
    @discardableResult
    public static func append(_ db: any SQLExecutor, _ record: Record, at date: Date) throws -> AuditEntry {
        let last = try db.row("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")
        let seq = (last?["seq"] as Int? ?? 0) + 1
        let prevHash = last?["hash"] as String? ?? genesisHash
        // Keep timestamps monotonic even if the clock steps back.
        var at = Timestamp.format(date)
        if let previous = last?["at"] as String?, previous > at { at = previous }
        let entry = AuditEntry(seq: seq, at: at, actor: record.actor, action: record.action, version: record.version,
                               otherVersion: record.otherVersion, outcome: record.outcome, reason: record.reason,
                               before: record.before, after: record.after, evidence: record.evidence,
                               prevHash: prevHash)
        try db.run("""
            INSERT INTO audit_log (seq, at, actor, action, version, other_version, outcome, reason, before, after,
                                   evidence, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [entry.seq, entry.at, entry.actor, entry.action, entry.version, entry.otherVersion,
                             entry.outcome, entry.reason, entry.before, entry.after, entry.evidence.text,
                             entry.prevHash, entry.hash])
        return entry
    }

    /// Entries in sequence order, optionally from a time on and for one version.
    public static func entries(_ db: any SQLExecutor, since: String? = nil, version: Int? = nil,
                               limit: Int? = nil) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit_log WHERE TRUE"
        var arguments: [(any SQLValueConvertible)?] = []
        if let since {
            sql += " AND at >= ?"
            arguments.append(since)
        }
        if let version {
            sql += " AND (version = ? OR other_version = ?)"
            arguments += [version, version] as [(any SQLValueConvertible)?]
        }
        sql += " ORDER BY seq"
        if let limit {
            sql = "SELECT * FROM (\(sql.replacingOccurrences(of: "ORDER BY seq", with: "ORDER BY seq DESC")) LIMIT \(limit)) AS newest ORDER BY seq"
        }
        return try db.records(sql, arguments)
    }

    /// The first entry whose stored content, hash or link to its predecessor does not check out.
    public struct ChainBreak: Error, Sendable, Equatable, CustomStringConvertible {
        public let seq: Int
        public let problem: String
        public var description: String { "audit entry \(seq): \(problem)" }
    }

    /// Recomputes every entry's hash and link. Returns the number of entries checked, or the first break.
    public static func verifyChain(_ db: any SQLExecutor) throws -> Result<Int, ChainBreak> {
        var expectedPrev = genesisHash
        var expectedSeq = 1
        var count = 0
        var broken: ChainBreak?
        try db.forEachRow("SELECT * FROM audit_log ORDER BY seq", []) { row in
            guard broken == nil else { return }
            let seq: Int = row["seq"]
            if seq != expectedSeq {
                broken = ChainBreak(seq: expectedSeq, problem: "missing (next stored entry is \(seq)); entries were deleted")
                return
            }
            let prev: String = row["prev_hash"]
            if prev != expectedPrev {
                broken = ChainBreak(seq: seq, problem: "prev_hash does not match the hash of entry \(seq - 1); the chain was rewritten")
                return
            }
            let computed = AuditEntry.hash(
                seq: seq, at: row["at"], actor: row["actor"], action: row["action"], version: row["version"],
                otherVersion: row["other_version"], outcome: row["outcome"], reason: row["reason"],
                before: row["before"], after: row["after"], evidenceText: row["evidence"], prevHash: prev)
            let stored: String = row["hash"]
            if computed != stored {
                broken = ChainBreak(seq: seq, problem: "content does not match its hash (stored \(stored.prefix(12))…, computed \(computed.prefix(12))…); the entry was edited")
                return
            }
            expectedPrev = stored
            expectedSeq += 1
            count += 1
        }
        return broken.map { .failure($0) } ?? .success(count)
    }
}

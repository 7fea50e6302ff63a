
/// An audit entry without its evidence (which can be kilobytes of gate report): what a list of entries shows, with
/// the gate verdict read from the evidence by SQLite.
public struct AuditSummary: Sendable, Equatable, SQLRecord {
    public let seq: Int
    public let at: String
    public let actor: String
    public let action: String
    public let version: Int?
    public let otherVersion: Int?
    public let outcome: String
    public let reason: String?
    public let hash: String
    /// The evidence's `verdict`, when it has one (a gate report).
    public let verdict: String?

    static func columns(_ dialect: SQLDialect) -> String {
        let verdict = dialect == .postgres ? "CAST(evidence AS jsonb) ->> 'verdict'" : "json_extract(evidence, '$.verdict')"
        return "seq, at, actor, action, version, other_version, outcome, reason, hash, \(verdict) AS verdict"
    }

    public init(_ entry: AuditEntry) {
        seq = entry.seq
        at = entry.at
        actor = entry.actor
        action = entry.action
        version = entry.version
        otherVersion = entry.otherVersion
        outcome = entry.outcome
        reason = entry.reason
        hash = entry.hash
        verdict = entry.evidence["verdict"]?.stringValue
    }

    public init(row: SQLRow) {
        seq = row["seq"]
        at = row["at"]
        actor = row["actor"]
        action = row["action"]
        version = row["version"]
        otherVersion = row["other_version"]
        outcome = row["outcome"]
        reason = row["reason"]
        hash = row["hash"]
        verdict = row["verdict"]
    }
}

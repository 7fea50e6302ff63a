import SegmentStore

/// The gate table and verdict stored as evidence with a promotion, rejection or approval.
enum ConsoleEvidence {
    static func gates(_ evidence: JSONValue) -> [[String: Any]] {
        (evidence["gates"]?.arrayValue ?? []).map { g in
            ["gate": g["gate"]?.stringValue ?? "?", "status": g["status"]?.stringValue ?? "?",
             "value": g["value"]?.stringValue ?? "", "threshold": g["threshold"]?.stringValue ?? "",
             "detail": g["detail"]?.stringValue ?? ""]
        }
    }


    /// The context keys the gate table partial reads.
    static func context(_ evidence: JSONValue) -> [String: Any] {
        let gates = gates(evidence)
        return ["gates": gates, "hasGates": !gates.isEmpty]
    }

    static func row(_ e: AuditSummary) -> [String: Any] {
        var row: [String: Any] = ["seq": e.seq, "at": ConsoleFormat.time(e.at), "actor": e.actor, "action": e.action,
                                  "outcome": e.outcome, "reason": e.reason ?? "", "hash": e.hash,
                                  "shortHash": String(e.hash.prefix(12))]
        if let v = e.version { row["version"] = v }
        if let o = e.otherVersion { row["other"] = o }
        return row
    }

    /// `pass`, `fail`, `warn`…, or `manual` for a change made without a gate report (a rollback, a forced promotion).
    static func verdict(_ entry: AuditSummary) -> String {
        entry.verdict ?? (entry.action == "register" ? "–" : "manual")
    }
}

import Foundation
import SegmentModel

extension ModelRegistry {
    /// Moves production to `change.target` in one transaction, if and only if production is still what the caller
    /// expects. A failed compare-and-set changes nothing but an audit entry recording the attempt.
    @discardableResult
    public func changeProduction(_ change: ProductionChange, requireApproval: Bool, at date: Date) throws -> AuditEntry {
        let reason = change.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RegistryError.reasonRequired(action: change.kind.rawValue) }
        var conflict: RegistryError?
        let entry = try backend.write { db -> AuditEntry? in
            let target = try fetch(db, change.target)
            let current = try production(db)
            if let expected = change.expect.version, expected != current?.version {
                conflict = .conflict(expected: expected, actual: current?.version)
                try AuditLog.append(db, AuditLog.Record(
                    actor: change.actor, action: change.kind.rawValue, version: change.target,
                    otherVersion: current?.version, outcome: "conflict", reason: reason,
                    before: RegistryError.show(expected), after: RegistryError.show(current?.version),
                    evidence: ["expected_current": .optional(expected), "actual_current": .optional(current?.version)]),
                    at: date)
                return nil
            }
            if target.stage == .production { throw RegistryError.alreadyProduction(target.version) }
            if (target.stage == .rejected || target.stage == .rolledBack) && !change.force {
                throw RegistryError.notPromotable(version: target.version, stage: target.stage)
            }
            switch change.kind {
            case .promote:
                if requireApproval {
                    let approvers: [String] = try db.values("SELECT actor FROM approval WHERE version = ?",
                                                            [target.version])
                    let valid = approvers.filter { $0 != change.actor && $0 != target.createdBy }
                    if valid.isEmpty { throw RegistryError.approvalRequired(version: target.version, approvers: approvers) }
                }
            case .rollback:
                guard current != nil else { throw RegistryError.noProduction }
                let served = try db.value("SELECT COUNT(*) FROM production_interval WHERE version = ?",
                                          [target.version], as: Int.self) ?? 0
                if served == 0 { throw RegistryError.neverServed(target.version) }
            }
            let retiredStage: ModelStage = change.kind == .rollback ? .rolledBack : .archived
            var evidence = change.evidence.objectValue ?? [:]
            if change.force { evidence["forced"] = true }
            let entry = try AuditLog.append(db, AuditLog.Record(
                actor: change.actor, action: change.kind.rawValue, version: target.version,
                otherVersion: current?.version, reason: reason,
                before: "production=\(RegistryError.show(current?.version)); v\(target.version)=\(target.stage.rawValue)",
                after: "production=v\(target.version)" + (current.map { "; v\($0.version)=\(retiredStage.rawValue)" } ?? ""),
                evidence: .object(evidence)), at: date)
            let at = entry.at
            if let current {
                try db.run("UPDATE model_version SET stage = ? WHERE version = ?", [retiredStage.rawValue, current.version])
                try db.run("UPDATE production_interval SET ended_at = ?, ended_seq = ? WHERE ended_at IS NULL", [at, entry.seq])
            }
            try db.run("UPDATE model_version SET stage = 'production' WHERE version = ?", [target.version])
            try db.run("INSERT INTO production_interval (version, started_at, started_seq) VALUES (?, ?, ?)",
                       [target.version, at, entry.seq])
            _ = try EventStore.record(db, type: "production_changed", asOf: nil, version: target.version, jobID: nil,
                                      detail: ["kind": .string(change.kind.rawValue), "from": .optional(current?.version),
                                               "to": .int(target.version), "actor": .string(change.actor),
                                               "audit_seq": .int(entry.seq)], at: date)
            return entry
        }
        if let conflict { throw conflict }
        return entry!
    }

    /// The default rollback target: the version that served just before the current one.
    public func previousProduction() throws -> Int? {
        try backend.read { db in
            try db.value("""
                SELECT version FROM production_interval
                WHERE ended_at IS NOT NULL AND version <> COALESCE((SELECT version FROM model_version WHERE stage = 'production'), -1)
                ORDER BY id DESC LIMIT 1
                """)
        }
    }

    /// Marks a candidate (or archived) version `rejected`.
    @discardableResult
    public func reject(_ version: Int, actor: String, reason: String, evidence: JSONValue = .object([:]),
                       at date: Date) throws -> AuditEntry {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RegistryError.reasonRequired(action: "reject") }
        return try backend.write { db in
            let target = try fetch(db, version)
            guard target.stage == .candidate || target.stage == .archived else {
                throw RegistryError.notRejectable(version: version, stage: target.stage)
            }
            try db.run("UPDATE model_version SET stage = 'rejected' WHERE version = ?", [version])
            return try AuditLog.append(db, AuditLog.Record(
                actor: actor, action: "reject", version: version, reason: reason, before: target.stage.rawValue,
                after: ModelStage.rejected.rawValue, evidence: evidence), at: date)
        }
    }

    /// Records `actor`'s approval of `version` (separation of duties: not its trainer).
    @discardableResult
    public func approve(_ version: Int, actor: String, reason: String?, at date: Date) throws -> AuditEntry {
        try backend.write { db in
            let target = try fetch(db, version)
            if target.createdBy == actor { throw RegistryError.sameActor(actor: actor, role: "trainer") }
            guard target.stage == .candidate || target.stage == .archived else {
                throw RegistryError.notPromotable(version: version, stage: target.stage)
            }
            let entry = try AuditLog.append(db, AuditLog.Record(
                actor: actor, action: "approve", version: version, reason: reason, before: target.stage.rawValue,
                after: target.stage.rawValue, evidence: ["trained_by": .string(target.createdBy)]), at: date)
            try db.run("""
                INSERT INTO approval (version, actor, approved_at, audit_seq) VALUES (?, ?, ?, ?)
                ON CONFLICT (version, actor) DO NOTHING
                """, [version, actor, entry.at, entry.seq])
            return entry
        }
    }

    /// Appends a decision that changes no stage (a blocked or held candidate, an export, a config change).
    @discardableResult
    public func record(_ record: AuditLog.Record, at date: Date) throws -> AuditEntry {
        try backend.write { db in try AuditLog.append(db, record, at: date) }
    }

    public func approvals(_ version: Int) throws -> [String] {
        try backend.read { db in try db.values("SELECT actor FROM approval WHERE version = ? ORDER BY approved_at",
                                              [version]) }
    }
}

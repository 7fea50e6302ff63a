import Foundation
import SegmentModel

/// The versioned model registry: immutable versions with lineage, stages, and every change in the audit log.
public struct ModelRegistry: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    /// Registers a new version as a `candidate`, numbered one past the highest, with a `register` audit entry.
    public func register(_ new: NewModelVersion, at date: Date) throws -> ModelVersion {
        let a = new.artifact
        let sha = sha256Hex(new.artifactData)
        return try backend.write { db in
            let version = (try db.value("SELECT MAX(version) FROM model_version", as: Int.self) ?? 0) + 1
            try db.run("""
                INSERT INTO model_version (version, created_at, created_by, as_of, stage, artifact, artifact_sha256,
                    window_from, window_to, holdout_from, holdout_to, train_rows, holdout_rows, data_fingerprint,
                    accuracy, log_loss, harm_rate, config_snapshot, code_version)
                VALUES (?, ?, ?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [version, Timestamp.format(date), new.actor, new.asOf.description, new.artifactData, sha,
                                 a.training.window.from.description, a.training.window.to.description,
                                 a.training.holdoutWindow.from.description, a.training.holdoutWindow.to.description,
                                 a.training.trainRows, a.training.holdoutRows, a.training.fingerprint,
                                 a.metrics.accuracy, a.metrics.logLoss, a.metrics.harmRate, new.configSnapshot,
                                 new.codeVersion])
            let evidence: JSONValue = [
                "artifact_sha256": .string(sha),
                "as_of": .string(new.asOf.description),
                "window": .string(a.training.window.description),
                "holdout": .string(a.training.holdoutWindow.description),
                "train_rows": .int(a.training.trainRows),
                "holdout_rows": .int(a.training.holdoutRows),
                "data_fingerprint": .string(a.training.fingerprint),
                "code_version": .string(new.codeVersion),
                "config_sha256": .string(sha256Hex(Data(new.configSnapshot.utf8))),
                "metrics": try JSONValue(encoding: a.metrics),
            ]
            try AuditLog.append(db, AuditLog.Record(actor: new.actor, action: "register", version: version,
                                                    after: ModelStage.candidate.rawValue, evidence: evidence), at: date)
            return try fetch(db, version)
        }
    }

    func fetch(_ db: any SQLExecutor, _ version: Int) throws -> ModelVersion {
        guard let v: ModelVersion = try db.record("SELECT \(ModelVersion.columns) FROM model_version WHERE version = ?",
                                                  [version]) else {
            throw StoreError.unknownVersion(version)
        }
        return v
    }

    public func version(_ version: Int) throws -> ModelVersion {
        try backend.read { db in try fetch(db, version) }
    }

    public func list() throws -> [ModelVersion] {
        try backend.read { db in
            try db.records("SELECT \(ModelVersion.columns) FROM model_version ORDER BY version")
        }
    }

    public func production() throws -> ModelVersion? {
        try backend.read { db in try production(db) }
    }

    /// Just the production version number (one indexed lookup; scoring calls it on every request).
    public func productionVersion() throws -> Int? {
        try backend.read { db in try db.value(ModelRegistry.productionVersionSQL) }
    }

    /// The query behind `productionVersion()`, for callers that keep it as a cached statement.
    public static let productionVersionSQL = "SELECT version FROM model_version WHERE stage = 'production'"

    func production(_ db: any SQLExecutor) throws -> ModelVersion? {
        try db.record("SELECT \(ModelVersion.columns) FROM model_version WHERE stage = 'production'")
    }

    public func latest() throws -> ModelVersion? {
        try backend.read { db in
            try db.record("SELECT \(ModelVersion.columns) FROM model_version ORDER BY version DESC LIMIT 1")
        }
    }

    /// The production version, else the newest; the default subject of monitors.
    public func productionOrLatest() throws -> ModelVersion? {
        try production() ?? latest()
    }

    /// The artifact of `version`, after checking its bytes against the stored SHA-256.
    public func artifact(_ version: Int) throws -> ModelArtifact {
        let (data, stored) = try backend.read { db -> (Data, String) in
            guard let row = try db.row("SELECT artifact, artifact_sha256 FROM model_version WHERE version = ?",
                                       [version]) else {
                throw StoreError.unknownVersion(version)
            }
            return (row["artifact"], row["artifact_sha256"])
        }
        let computed = sha256Hex(data)
        guard computed == stored else { throw StoreError.artifactTampered(version: version, stored: stored, computed: computed) }
        return try ModelArtifact.decode(data)
    }

    /// The configuration text the version was trained with.
    public func configSnapshot(_ version: Int) throws -> String {
        try backend.read { db in
            guard let text: String = try db.value("SELECT config_snapshot FROM model_version WHERE version = ?",
                                                  [version]) else { throw StoreError.unknownVersion(version) }
            return text
        }
    }
}

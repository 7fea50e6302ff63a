import Foundation

/// Appends a `config_change` audit entry when the configuration differs from the one last seen.
public struct ConfigChangeRecorder: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    public func record(snapshot: String, source: String, actor: String, at date: Date) throws {
        let hash = sha256Hex(Data(snapshot.utf8))
        try backend.write { db in
            let previous: String? = try db.value("SELECT value FROM meta WHERE key = 'config_sha256'")
            guard previous != hash else { return }
            try AuditLog.append(db, AuditLog.Record(
                actor: actor, action: "config_change", before: previous, after: hash,
                evidence: ["source": .string(source), "config": .string(snapshot)]), at: date)
            try db.run("INSERT INTO meta (key, value) VALUES ('config_sha256', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       [hash])
        }
    }
}

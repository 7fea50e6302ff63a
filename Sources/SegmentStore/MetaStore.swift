import Foundation

/// Small named settings kept in the database (`meta` table), e.g. the promotion pause switch.
public struct MetaStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    public func get(_ key: String) throws -> String? {
        try backend.read { db in try db.value("SELECT value FROM meta WHERE key = ?", [key]) }
    }

    /// Sets (or with nil removes) `key`, appending `audit` in the same transaction.
    public func set(_ key: String, _ value: String?, audit: AuditLog.Record?, at date: Date) throws {
        try backend.write { db in
            if let value {
                try db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [key, value])
            } else {
                try db.run("DELETE FROM meta WHERE key = ?", [key])
            }
            if let audit { try AuditLog.append(db, audit, at: date) }
        }
    }
}

import Foundation
import GRDB

/// Small named settings kept in the database (`meta` table), e.g. the promotion pause switch.
public struct MetaStore: Sendable {
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    public func get(_ key: String) throws -> String? {
        try database.writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// Sets (or with nil removes) `key`, appending `audit` in the same transaction.
    public func set(_ key: String, _ value: String?, audit: AuditLog.Record?, at date: Date) throws {
        try database.writer.write { db in
            if let value {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
            }
            if let audit { try AuditLog.append(db, audit, at: date) }
        }
    }
}

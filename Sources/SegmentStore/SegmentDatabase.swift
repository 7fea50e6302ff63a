import Foundation
import GRDB
import SegmentModel

/// The SQLite file: opened in WAL mode with foreign keys, a busy timeout and `synchronous=FULL`, migrated to the
/// current schema, and bound to the feature and segment lists it was initialised with.
public struct SegmentDatabase: Sendable {
    public let writer: any DatabaseWriter
    public let schema: SegmentSchema
    public let path: String

    /// How long a writer waits for another process's transaction before failing.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (and with `create`, creates) the database at `path`.
    public static func open(path: String, schema: SegmentSchema, create: Bool = false) throws -> SegmentDatabase {
        if !create && !FileManager.default.fileExists(atPath: path) { throw StoreError.databaseMissing(path: path) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // Every commit reaches the disk before it returns: a registry write that reports success survives a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 128 MiB of page cache per connection (allocated as used): the nightly passes over a million
            // customers touch far more than SQLite's 8 MiB default.
            try db.execute(sql: "PRAGMA cache_size = -131072")
            // No memory-mapped reads (SQLite's default): at a million customers the nightly cycle, the confirmed-segment
            // update and the fairness report run as fast without them, and a mapping per reader connection of a
            // 2 GB file put the nightly's resident memory at 5.5 GiB instead of 3.1 GiB (`bench --scale 1000000`).
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try SegmentDatabase(writer: pool, schema: schema, path: path)
    }

    /// The feature and segment lists an existing file was initialised with, read without migrating it.
    public static func storedSchema(path: String) throws -> SegmentSchema? {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.databaseMissing(path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        guard let text = try queue.read({ db in
            try db.tableExists("meta") ? try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'") : nil
        }) else { return nil }
        return try JSONDecoder().decode(SegmentSchema.self, from: Data(text.utf8))
    }

    /// An in-memory database for tests.
    public static func inMemory(schema: SegmentSchema = .standard) throws -> SegmentDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try SegmentDatabase(writer: DatabaseQueue(configuration: configuration), schema: schema, path: ":memory:")
    }

    init(writer: any DatabaseWriter, schema: SegmentSchema, path: String) throws {
        self.writer = writer
        self.path = path
        let migrator = Migrations.migrator(schema: schema)
        let unknown = try writer.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            let applied = try migrator.appliedIdentifiers(db)
            return applied.subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else { throw StoreError.newerDatabase(migrations: unknown) }
        try migrator.migrate(writer)
        let stored = try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'") }
        let bound = try stored.map { try JSONDecoder().decode(SegmentSchema.self, from: Data($0.utf8)) } ?? schema
        try StoreError.checkBinding(stored: bound, configured: schema)
        self.schema = schema
    }

    /// The migrations applied to this file, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator(schema: schema).appliedMigrations(db) }
    }
}

import Foundation
import SegmentModel
import SegmentStore

/// Applies PostgreSQL's migrations in order, each in its own transaction with its name recorded, under an advisory
/// lock so supervisors starting together migrate once; then checks the database's feature and segment lists.
public struct PostgresMigrator {
    let session: PostgresSession
    let schema: SegmentSchema

    func migrate(create: Bool) throws {
        let migrations = try PostgresMigrations.all(schema: schema)
        try session.run("BEGIN")
        do {
            try session.run("SELECT pg_advisory_xact_lock(?)", [PostgresBackend.migrationLockKey])
            let exists = try session.value("SELECT to_regclass('schema_migration') IS NOT NULL", as: Bool.self) ?? false
            if !exists {
                guard create else { throw StoreError.databaseMissing(path: session.location.description) }
                try session.run("""
                    CREATE TABLE schema_migration (position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                                   identifier TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)
                    """)
            }
            let applied = Set(try session.values("SELECT identifier FROM schema_migration", as: String.self))
            let unknown = applied.subtracting(migrations.map(\.id)).sorted()
            guard unknown.isEmpty else { throw StoreError.newerDatabase(migrations: unknown) }
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements { try session.run(statement) }
                try session.run("INSERT INTO schema_migration (identifier, applied_at) VALUES (?, ?)",
                                [migration.id, Timestamp.format(Date())])
            }
            try session.run("COMMIT")
        } catch {
            if !session.isClosed { try? session.run("ROLLBACK") }
            throw error
        }
        try checkBinding()
    }

    /// The feature and segment lists the database was initialised with must be the configured ones.
    func checkBinding() throws {
        guard let text: String = try session.value("SELECT value FROM meta WHERE key = 'schema'") else { return }
        try StoreError.checkBinding(stored: try JSONDecoder().decode(SegmentSchema.self, from: Data(text.utf8)), configured: schema)
    }

    /// The migrations applied, in order of application.
    public static func applied(_ db: any SQLExecutor) throws -> [String] {
        try db.values("SELECT identifier FROM schema_migration ORDER BY position")
    }
}

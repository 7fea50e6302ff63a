import Foundation
import PostgresStore
import SegmentStore

extension CommandContext {
    /// Where the data is: `--db`, else `SEGMENTOPS_DB`, else `database.url` in the configuration, else
    /// `./segmentops.db`. A `postgres://` URL names a PostgreSQL database; anything else a SQLite file.
    var databaseLocation: String {
        if let db = global.db { return db }
        if let env = ProcessInfo.processInfo.environment["SEGMENTOPS_DB"], !env.isEmpty { return env }
        return config.database.url ?? "segmentops.db"
    }

    var usesPostgres: Bool { PostgresLocation.isURL(databaseLocation) }

    /// Opens the database. With `recordConfig`, a configuration that differs from the one last seen is recorded
    /// in the audit log (action `config_change`).
    func database(create: Bool = false, recordConfig: Bool = false, actor: String? = nil) throws -> any StoreBackend {
        let location = databaseLocation
        let database: any StoreBackend = PostgresLocation.isURL(location)
            ? try PostgresBackend.open(url: location, schema: config.schema, create: create)
            : try SegmentDatabase.open(path: location, schema: config.schema, create: create)
        if recordConfig {
            try ConfigChangeRecorder(database: database).record(snapshot: configSnapshot, source: configSource,
                                                                actor: ActorIdentity.resolve(actor), at: now)
        }
        return database
    }

    /// The SQLite file, for what only SQLite has (a replay's scratch copies, the file-level benchmarks).
    func sqliteDatabase(create: Bool = false) throws -> SegmentDatabase {
        let location = databaseLocation
        guard !PostgresLocation.isURL(location) else {
            throw CLIError("this command works on a SQLite file (it makes scratch copies of it); pass --db FILE.db")
        }
        return try SegmentDatabase.open(path: location, schema: config.schema, create: create)
    }
}

import Foundation
import Logging
import SegmentModel
import SegmentStore
import Synchronization

/// The store on a PostgreSQL database: migrated on open, bound to its feature and segment lists like the SQLite
/// file, with a small pool of connections. Writes are serialised by a transaction-scoped advisory lock, so every
/// read-then-write (the audit chain's next link, a compare-and-set promotion) behaves as it does on SQLite, across
/// every host sharing the database.
public final class PostgresBackend: StoreBackend, Sendable {
    public let postgres: PostgresLocation
    public let schema: SegmentSchema
    let logger: Logger
    private let idle = Mutex<[PostgresSession]>([])
    /// The epoch this process leads under: while set, a write commits only if the stored epoch is still this one.
    private let fencing = Mutex<Int?>(nil)
    private let watch = Mutex<PostgresProductionWatch?>(nil)
    /// Connections kept open between calls; more are opened when callers overlap.
    static let idleLimit = 8
    /// The advisory lock key every write transaction holds (`pg_advisory_xact_lock`).
    public static let writeLockKey = 0x5E6_0B5_0001
    /// The advisory lock key migrations hold, so supervisors starting together migrate once.
    static let migrationLockKey = 0x5E6_0B5_0002

    public var dialect: SQLDialect { .postgres }
    public var location: String { postgres.description }

    init(postgres: PostgresLocation, schema: SegmentSchema, logger: Logger) {
        self.postgres = postgres
        self.schema = schema
        self.logger = logger
    }

    /// Opens the database at `url`, applying missing migrations. Without `create`, a database SegmentOps never
    /// initialised is refused (a mistyped database name should not start a new registry).
    public static func open(url: String, schema: SegmentSchema, create: Bool = false,
                            logger: Logger = Logger(label: "segmentops.postgres")) throws -> PostgresBackend {
        let backend = PostgresBackend(postgres: try PostgresLocation(url: url), schema: schema, logger: logger)
        try backend.withSession { session in try PostgresMigrator(session: session, schema: schema).migrate(create: create) }
        return backend
    }

    @discardableResult
    public func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try transaction("BEGIN", lock: true, body)
    }

    public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lock: false, body)
    }

    public func appliedMigrations() throws -> [String] {
        try read { db in try PostgresMigrator.applied(db) }
    }

    /// Fences this process's writes to `epoch` (nil: no longer leading, writes are not fenced).
    public func fence(epoch: Int?) {
        fencing.withLock { $0 = epoch }
    }

    public var productionWatch: (any ProductionWatch)? {
        watch.withLock { current in
            if current == nil { current = PostgresProductionWatch(location: postgres, logger: logger) }
            return current
        }
    }

    func transaction<T>(_ begin: String, lock: Bool, _ body: (any SQLExecutor) throws -> T) throws -> T {
        let fence = lock ? fencing.withLock { $0 } : nil
        return try withSession { session in
            try session.run(begin)
            do {
                if lock { try session.run("SELECT pg_advisory_xact_lock(?)", [Self.writeLockKey]) }
                if let fence {
                    let stored = try session.value("SELECT epoch FROM leadership WHERE id = 1", as: Int.self)
                    guard stored == fence else { throw PostgresStoreError.fenced(epoch: fence, current: stored) }
                }
                let result = try body(session)
                try session.run("COMMIT")
                return result
            } catch {
                // A connection that cannot even roll back is not reused.
                if !session.isClosed {
                    do { try session.run("ROLLBACK") } catch { session.close() }
                }
                throw error
            }
        }
    }

    /// Runs `body` on a pooled connection; a connection that broke is closed rather than returned.
    public func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let session = try idle.withLock { $0.popLast() } ?? PostgresSession.connect(to: postgres, logger: logger)
        do {
            let result = try body(session)
            checkIn(session)
            return result
        } catch {
            if case .connectionLost? = error as? PostgresStoreError { session.close() } else { checkIn(session) }
            throw error
        }
    }

    private func checkIn(_ session: PostgresSession) {
        guard !session.isClosed else { return }
        let kept = idle.withLock { pool -> Bool in
            guard pool.count < Self.idleLimit else { return false }
            pool.append(session)
            return true
        }
        if !kept { session.close() }
    }

    /// Closes every pooled connection.
    public func close() {
        for session in idle.withLock({ pool in defer { pool.removeAll() }; return pool }) { session.close() }
    }

    deinit {
        for session in idle.withLock({ $0 }) { session.close() }
    }
}

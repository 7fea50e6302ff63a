import Foundation
import GRDB
import SegmentModel
import SegmentStore
import Synchronization

/// The production model for scoring, without a database read per request, and yet a promotion or rollback by any
/// process — this one, a CLI in another — takes effect on the very next request.
///
/// Every request reads the fingerprint of SQLite's WAL index (`WALCommitProbe`: two memory reads, no system call),
/// which moves with every commit by anyone. Only when it moved does a dedicated read-only connection ask
/// `PRAGMA data_version` (it too changes whenever any other connection commits, and costs no table read), then the
/// production pointer; the model is rebuilt only when the pointer moved. Without a WAL index (a database not in
/// WAL mode) every request asks the pragma. The connection never writes, so this process's own commits move both.
/// On PostgreSQL the engine's own watch replaces all this: the version its listening connection last heard by
/// LISTEN/NOTIFY (with a periodic check as backstop), so every replica switches at the next request after the commit.
/// A lock rather than an actor: the request handler does not hop to another executor for the model.
public final class ModelCache: Sendable {
    public let database: any StoreBackend
    /// The engine's own change feed (PostgreSQL's notifications), when it has one.
    private let watch: (any ProductionWatch)?
    private let pointer: DatabaseQueue?
    private let walMode: Bool
    private struct State {
        var dataVersion: Int?
        var production: (version: Int, model: SoftmaxModel)?
        var pointerReads = 0
        /// The WAL index's fingerprint read before the last pragma check that found `production` current.
        var fingerprint: WALCommitProbe.Fingerprint?
        var probe: WALCommitProbe?
    }
    private let state = Mutex(State())

    public init(database: any StoreBackend) {
        self.database = database
        watch = database.productionWatch
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(SegmentDatabase.busyTimeout)
        let path = (database as? SegmentDatabase)?.path
        pointer = path.flatMap { $0 == ":memory:" ? nil : try? DatabaseQueue(path: $0, configuration: configuration) }
        // Only a database in WAL mode keeps its WAL index current (a stale `-shm` file of another mode never moves).
        walMode = (try? pointer?.inDatabase { try String.fetchOne($0, sql: "PRAGMA journal_mode") }) == "wal"
    }

    /// The production version and model as of now.
    public func production() throws -> (version: Int, model: SoftmaxModel) {
        if let watch {
            let version = try watch.currentProduction()
            let production = try load(version)
            state.withLock { state in
                if state.production?.version != production.version { state.pointerReads += 1 }
                state.production = production
            }
            return production
        }
        guard let pointer else { return try load(try ModelRegistry(database: database).productionVersion()) }
        let (probe, fingerprint, unchanged) = state.withLock { state in
            let fingerprint = state.probe?.fingerprint
            return (state.probe, fingerprint, fingerprint != nil && fingerprint == state.fingerprint ? state.production : nil)
        }
        if let unchanged { return unchanged }
        // The pragma and the pointer are read on the same connection, one after the other: a commit between them
        // changes data_version again, so the next request reads the pointer again.
        var read: (dataVersion: Int, version: Int?) = (0, nil)
        let hit = try pointer.inDatabase { db -> (version: Int, model: SoftmaxModel)? in
            let dataVersion = try Int.fetchOne(try db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            if let hit = state.withLock({ state -> (version: Int, model: SoftmaxModel)? in
                guard state.dataVersion == dataVersion, let production = state.production else { return nil }
                state.fingerprint = fingerprint  // read before the pragma: a commit in between moves it again
                return production
            }) { return hit }
            read = (dataVersion, try Int.fetchOne(try db.cachedStatement(sql: ModelRegistry.productionVersionSQL)))
            return nil
        }
        if let hit { return hit }
        let production = try load(read.version)
        // This process's connection has read the database: its WAL index exists and stays mapped while we run.
        let opened = probe == nil && walMode ? (database as? SegmentDatabase).flatMap { WALCommitProbe(databasePath: $0.path) } : nil
        state.withLock {
            $0.dataVersion = read.dataVersion
            $0.production = production
            $0.pointerReads += 1
            $0.fingerprint = fingerprint
            if $0.probe == nil { $0.probe = opened }
        }
        return production
    }

    /// How many requests had to read the production pointer (the others found the database unchanged).
    public var pointerReads: Int { state.withLock { $0.pointerReads } }

    /// Whether requests check the WAL index's header (false before the first request, or without a WAL index).
    public var watchesWALIndex: Bool { state.withLock { $0.probe != nil } }

    private func load(_ current: Int?) throws -> (version: Int, model: SoftmaxModel) {
        guard let current else {
            throw APIError(.serviceUnavailable, "no version is in production yet; promote one with `segmentops promote`")
        }
        if let hit = state.withLock({ $0.production }), hit.version == current { return hit }
        return (current, try ModelRegistry(database: database).artifact(current).model())
    }
}

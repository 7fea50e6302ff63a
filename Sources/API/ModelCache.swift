import Foundation
import GRDB
import SegmentModel
import SegmentStore
import Synchronization

/// The production model for scoring, without a database read per request. A dedicated read-only connection asks
/// SQLite's `PRAGMA data_version` on every request: it changes whenever any other connection — this process's writer,
/// a CLI in another process — commits, and costs no table read. Only then is the production pointer read again, and
/// the model rebuilt only when the pointer moved; so a promotion or rollback by any process takes effect on the very
/// next request. The connection never writes, so this process's own commits move `data_version` too. A lock rather
/// than an actor: the request handler does not hop to another executor for the model.
public final class ModelCache: Sendable {
    public let database: SegmentDatabase
    private let pointer: DatabaseQueue?
    private struct State {
        var dataVersion: Int?
        var production: (version: Int, model: SoftmaxModel)?
        var pointerReads = 0
    }
    private let state = Mutex(State())

    public init(database: SegmentDatabase) {
        self.database = database
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(SegmentDatabase.busyTimeout)
        pointer = database.path == ":memory:" ? nil : try? DatabaseQueue(path: database.path, configuration: configuration)
    }

    /// The production version and model as of now.
    public func production() throws -> (version: Int, model: SoftmaxModel) {
        guard let pointer else { return try load(try ModelRegistry(database: database).productionVersion()) }
        // The pragma and the pointer are read on the same connection, one after the other: a commit between them
        // changes data_version again, so the next request reads the pointer again.
        var read: (dataVersion: Int, version: Int?) = (0, nil)
        let hit = try pointer.inDatabase { db -> (version: Int, model: SoftmaxModel)? in
            let dataVersion = try Int.fetchOne(try db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            if let hit = state.withLock({ $0.dataVersion == dataVersion ? $0.production : nil }) { return hit }
            read = (dataVersion, try Int.fetchOne(try db.cachedStatement(sql: ModelRegistry.productionVersionSQL)))
            return nil
        }
        if let hit { return hit }
        let production = try load(read.version)
        state.withLock {
            $0.dataVersion = read.dataVersion
            $0.production = production
            $0.pointerReads += 1
        }
        return production
    }

    /// How many requests had to read the production pointer (the others found the database unchanged).
    public var pointerReads: Int { state.withLock { $0.pointerReads } }

    private func load(_ current: Int?) throws -> (version: Int, model: SoftmaxModel) {
        guard let current else {
            throw APIError(.serviceUnavailable, "no version is in production yet; promote one with `segmentops promote`")
        }
        if let hit = state.withLock({ $0.production }), hit.version == current { return hit }
        return (current, try ModelRegistry(database: database).artifact(current).model())
    }
}

import Foundation
import GRDB
import SegmentModel
import SegmentStore
import Synchronization

/// The production model for scoring. The production pointer is read on every request — one cached statement on
/// a dedicated read-only connection, outside any transaction (a single SELECT is atomic; wrapping it in GRDB's
/// `read` transaction made it cost about 65 µs instead of 45 µs per request on the 2-core build VM) — and the model
/// is rebuilt only when the pointer moves, so a promotion or rollback by any process takes effect on the next
/// request. A lock rather than an actor: the request handler does not hop to another executor for the model.
public final class ModelCache: Sendable {
    public let database: SegmentDatabase
    private let pointer: DatabaseQueue?
    private let cached = Mutex<(version: Int, model: SoftmaxModel)?>(nil)

    public init(database: SegmentDatabase) {
        self.database = database
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(SegmentDatabase.busyTimeout)
        pointer = database.path == ":memory:" ? nil : try? DatabaseQueue(path: database.path, configuration: configuration)
    }

    func productionVersion() throws -> Int? {
        guard let pointer else { return try ModelRegistry(database: database).productionVersion() }
        return try pointer.inDatabase { db in try Int.fetchOne(try db.cachedStatement(sql: ModelRegistry.productionVersionSQL)) }
    }

    public func production() throws -> (version: Int, model: SoftmaxModel) {
        guard let current = try productionVersion() else {
            throw APIError(.serviceUnavailable, "no version is in production yet; promote one with `segmentops promote`")
        }
        if let hit = cached.withLock({ $0 }), hit.version == current { return hit }
        let model = try ModelRegistry(database: database).artifact(current).model()
        cached.withLock { $0 = (current, model) }
        return (current, model)
    }
}

import Foundation
import Synchronization

/// A value read at most once per `maxAge` seconds; callers in between get the last one.
final class RecentValue<Value: Sendable>: Sendable {
    private let maxAge: TimeInterval
    private let stored = Mutex<(value: Value, at: Date)?>(nil)

    init(maxAge: TimeInterval) { self.maxAge = maxAge }

    func current(_ read: () throws -> Value) throws -> Value {
        if let hit = stored.withLock({ $0 }), Date().timeIntervalSince(hit.at) < maxAge { return hit.value }
        let value = try read()
        stored.withLock { $0 = (value, Date()) }
        return value
    }
}

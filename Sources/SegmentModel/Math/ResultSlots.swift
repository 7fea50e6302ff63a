import Foundation

/// One slot per `concurrentPerform` iteration for results that are not plain numbers: each iteration sets its own
/// slot under a lock, the caller reads them after the loop.
public final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    public init(count: Int) { slots = [T?](repeating: nil, count: count) }

    public func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    public func get(_ index: Int) -> T? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}

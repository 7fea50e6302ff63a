import Foundation

/// Wall-clock time as the scheduler sees it. Injected, so tests drive time without sleeping.
public protocol WallClock: Sendable {
    func now() -> Date
    /// Suspends until `date` (or returns at once if it has passed). Throws on cancellation.
    func sleep(until date: Date) async throws
}

/// The real clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    }
}

/// A clock that moves only when told to: `advance(to:)` wakes every sleeper whose time has come, in time order.
public actor ManualClock: WallClock {
    private var current: Date
    private var sleepers: [(id: UInt64, until: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(_ start: Date) {
        current = start
        unsafeNow.value = start
    }

    public nonisolated func now() -> Date { unsafeNow.value }
    private let unsafeNow = LockedDate()

    public func sleep(until date: Date) async throws {
        if date <= current { return }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                sleepers.append((id, date, continuation))
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return }
        sleepers.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// How many tasks are waiting on this clock.
    public var sleeperCount: Int { sleepers.count }

    /// Moves time forward to `date`, resuming the sleepers due by then.
    public func advance(to date: Date) {
        current = max(current, date)
        unsafeNow.value = current
        let due = sleepers.filter { $0.until <= current }.sorted { $0.until < $1.until }
        sleepers.removeAll { $0.until <= current }
        for s in due { s.continuation.resume() }
    }

    public func advance(by seconds: TimeInterval) { advance(to: current.addingTimeInterval(seconds)) }

    /// The earliest time a sleeper waits for.
    public var nextWake: Date? { sleepers.map(\.until).min() }
}

/// A date readable without awaiting the actor.
final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Date(timeIntervalSince1970: 0)
    var value: Date {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

import Synchronization

/// A process-wide counter (connection ids for the driver's logs).
final class ConnectionCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}

import Dispatch

/// Runs blocking, CPU- or disk-heavy work (training, monitors, SQLite) on a dedicated dispatch queue instead of
/// Swift's cooperative thread pool, which has one thread per core: on a 2-core host a nightly job holding a pool
/// thread for seconds would otherwise stall the HTTP API and alert delivery.
enum Offload {
    private static let queue = DispatchQueue(label: "segmentops.jobs", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

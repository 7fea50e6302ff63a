import Dispatch

/// Runs an async driver call to completion from synchronous store code. The task runs on threads of its own, never
/// the cooperative pool, so a caller blocking a pool thread cannot starve it.
enum BlockingBridge {
    final class Executor: TaskExecutor {
        static let shared = Executor()
        private let queue = DispatchQueue(label: "segmentops.postgres.bridge", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    final class Box<T: Sendable>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task(executorPreference: Executor.shared) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

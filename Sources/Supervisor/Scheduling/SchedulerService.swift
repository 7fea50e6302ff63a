import Foundation
import Logging
import SegmentConfig
import ServiceLifecycle

/// A task run on a cron schedule.
public struct ScheduledTask: Sendable {
    public let name: String
    public let schedule: CronSchedule
    public let action: @Sendable (_ scheduledFor: Date) async -> Void

    public init(name: String, schedule: CronSchedule, action: @escaping @Sendable (_ scheduledFor: Date) async -> Void) {
        self.name = name
        self.schedule = schedule
        self.action = action
    }
}

/// Runs each task at its cron times on an injected clock. A run that overlaps later times skips them (missed runs
/// are caught up once at start, not once per missed slot). On graceful shutdown no new run starts and a run in
/// progress finishes.
public struct SchedulerService: Service, CustomStringConvertible {
    public let clock: any WallClock
    public let timeZone: TimeZone
    public let tasks: [ScheduledTask]
    /// Runs once before the schedules start (catch-up of a missed nightly run).
    public let onStart: (@Sendable () async -> Void)?
    public let logger: Logger

    public init(clock: any WallClock, timeZone: TimeZone, tasks: [ScheduledTask], onStart: (@Sendable () async -> Void)? = nil,
                logger: Logger) {
        self.clock = clock
        self.timeZone = timeZone
        self.tasks = tasks
        self.onStart = onStart
        self.logger = logger
    }

    public var description: String { "Scheduler(\(tasks.map { "\($0.name) '\($0.schedule)'" }.joined(separator: ", ")))" }

    public func run() async throws {
        if let onStart { await onStart() }
        await withTaskGroup(of: Void.self) { group in
            for task in tasks { group.addTask { await loop(task) } }
        }
        logger.info("Scheduler stopped")
    }

    func loop(_ task: ScheduledTask) async {
        var after = clock.now()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            guard let next = task.schedule.next(after: after, in: timeZone) else {
                logger.error("Schedule never fires again", metadata: ["task": "\(task.name)"])
                return
            }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: next) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            await task.action(next)
            after = max(next, clock.now())
        }
    }
}

/// Runs one job at a time: the nightly job and the hourly monitors never interleave.
public actor JobGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        while busy { await withCheckedContinuation { waiters.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiters.isEmpty { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}

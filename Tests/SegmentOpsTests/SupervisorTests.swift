import Alerting
import Foundation
import GRDB
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import ServiceLifecycle
import ServiceLifecycleTestKit
import Supervisor
import Testing

@Suite("Supervisor: scheduler, catch-up, shutdown, single instance, crash recovery")
struct SupervisorTests {
    private let logger: Logger = {
        var l = Logger(label: "test.supervisor")
        l.logLevel = .critical
        return l
    }()

    /// Counts calls; optionally blocks each call until released.
    actor Counter {
        var calls: [Date] = []
        func add(_ d: Date) { calls.append(d) }
    }

    @Test("tasks fire at their cron times on the injected clock; overlapping slots are skipped, not queued")
    func scheduler() async throws {
        let start = Timestamp.parse("2026-03-10T01:58:30Z")!
        let clock = ManualClock(start)
        let counter = Counter()
        let task = ScheduledTask(name: "t", schedule: try CronSchedule("0 2 * * *")) { await counter.add($0) }
        let every = ScheduledTask(name: "m", schedule: try CronSchedule("*/1 * * * *")) { _ in }
        let service = SchedulerService(clock: clock, timeZone: TimeZone(identifier: "UTC")!, tasks: [task, every], logger: logger)
        try await testGracefulShutdown { trigger in
            let run = Task { try await service.run() }
            #expect(await waitForSleepers(clock, 2))
            await clock.advance(to: Timestamp.parse("2026-03-10T02:00:00Z")!)
            #expect(await waitFor { await counter.calls.count == 1 })
            // Three nights pass in one jump: one run for the latest slot, not three.
            #expect(await waitForSleepers(clock, 2))
            await clock.advance(to: Timestamp.parse("2026-03-13T02:00:00Z")!)
            #expect(await waitFor { await counter.calls.count == 2 })
            let calls = await counter.calls.map(Timestamp.format)
            #expect(calls == ["2026-03-10T02:00:00.000Z", "2026-03-11T02:00:00.000Z"])
            trigger.triggerGracefulShutdown()
            try await run.value
        }
    }

    @Test("graceful shutdown lets the run in progress finish and starts no new one")
    func gracefulShutdown() async throws {
        let clock = ManualClock(Timestamp.parse("2026-03-10T01:59:59Z")!)
        let finished = Counter()
        let started = Counter()
        let task = ScheduledTask(name: "slow", schedule: try CronSchedule("* * * * *")) { date in
            await started.add(date)
            try? await Task.sleep(nanoseconds: 300_000_000)
            await finished.add(date)
        }
        let service = SchedulerService(clock: clock, timeZone: TimeZone(identifier: "UTC")!, tasks: [task], logger: logger)
        try await testGracefulShutdown { trigger in
            let run = Task { try await service.run() }
            #expect(await waitForSleepers(clock, 1))
            await clock.advance(to: Timestamp.parse("2026-03-10T02:00:00Z")!)
            #expect(await waitFor { await started.calls.count == 1 })
            trigger.triggerGracefulShutdown()
            await clock.advance(to: Timestamp.parse("2026-03-10T02:05:00Z")!)
            try await run.value
            #expect(await finished.calls.count == 1)
            #expect(await started.calls.count == 1)
        }
    }

    @Test("catch-up: a missed nightly slot is owed once; a succeeded one is not; stale runs are marked interrupted")
    func catchUpAndRecovery() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let now = Timestamp.parse("2026-03-13T09:00:00Z")!
        let runtime = try SupervisorRuntime(database: database, config: workspace.config, configSnapshot: "", alerts:
                                                AlertCenter(database: database, config: workspace.config, rules: []),
                                            clock: ManualClock(now), logger: logger)
        let owed = try #require(try runtime.recover())
        #expect(Timestamp.format(owed) == "2026-03-13T02:00:00.000Z")
        let jobs = JobStore(database: database)
        let crashed = try jobs.start(kind: "nightly", scheduledFor: owed, asOf: Day("2026-03-12"), at: now)  // left running
        #expect(try runtime.recover() == owed)
        let run = try #require(try jobs.recent().first { $0.id == crashed })
        #expect(run.status == "interrupted")
        #expect(try EventStore(database: database).recent(limit: 1, type: "retrain_failed").first?.detail["error"]?.stringValue?.contains("interrupted") == true)
        let done = try jobs.start(kind: "nightly", scheduledFor: owed, asOf: Day("2026-03-12"), at: now)
        try jobs.finish(done, status: "succeeded", detail: [:], at: now)
        #expect(try runtime.recover() == nil)
        #expect(runtime.lastCompleteDay(before: owed).description == "2026-03-12")
    }

    @Test("RetrainMissed: a slot not completed within the grace period is recorded once")
    func retrainMissed() async throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let clock = ManualClock(Timestamp.parse("2026-03-13T06:00:00Z")!)
        let rules = try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load()
        let runtime = try SupervisorRuntime(database: database, config: workspace.config, configSnapshot: "",
                                            alerts: AlertCenter(database: database, config: workspace.config, rules: rules),
                                            clock: clock, logger: logger)
        await runtime.watchdog(scheduledFor: clock.now())
        await runtime.watchdog(scheduledFor: clock.now())
        let missed = try EventStore(database: database).recent(limit: 10, type: "retrain_missed")
        #expect(missed.count == 1)
        #expect(missed.first?.detail["scheduled_for"]?.stringValue == "2026-03-13T02:00:00.000Z")
        #expect(try AlertStateStore(database: database).firing().contains { $0.rule == "RetrainMissed" })
        #expect(try AlertStateStore(database: database).firing().contains { $0.rule == "Watchdog" })
    }

    @Test("a second supervisor on the same database exits at once, naming the first")
    func singleInstance() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let lock = try SupervisorLock(databasePath: database.path, since: "2026-03-13T09:00:00.000Z")
        do {
            _ = try SupervisorLock(databasePath: database.path, since: "later")
            Issue.record("second lock taken")
        } catch let held as SupervisorLock.Held {
            #expect(held.holder?.pid == getpid())
            #expect(held.description.contains("pid \(getpid())") && held.description.contains("since 2026-03-13T09:00:00.000Z"))
        }
        let second = try CLI.run(["supervise", "--db", database.path, "--no-api"], cwd: workspace.path)
        #expect(second.status == 1)
        #expect(second.stderr.contains("already running on this database: pid \(getpid())"), "\(second.stderr)")
        withExtendedLifetime(lock) {}
    }

    @Test("kill -9 in the middle of a nightly run: nothing half-registered, the run is retried at the next start")
    func killDuringRetrain() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        // Data up to yesterday, so the catch-up run at start trains on a full window (a few seconds of work).
        let today = Timestamp.day(of: Date())
        let (batch, _) = Fixtures.simulate(.stable, customers: 8000, days: 75, from: today - 75)
        try Fixtures.ingest(batch, into: database)
        let process = try CLI.start(["supervise", "--db", database.path, "--no-api"], cwd: workspace.path)
        let jobs = JobStore(database: database)
        let caught = eventually(60) { (try? jobs.latest(kind: "nightly"))??.status == "running" }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(caught, "never saw the nightly job running")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try RegistryVerifier(database: database).verify().ok)
        let stale = try #require(try jobs.latest(kind: "nightly"))
        #expect(stale.status == "running")
        // Restart: the dead run is marked interrupted and the slot is owed again.
        let runtime = try SupervisorRuntime(database: database, config: workspace.config, configSnapshot: "",
                                            alerts: AlertCenter(database: database, config: workspace.config, rules: []),
                                            clock: SystemClock(), logger: logger)
        #expect(try runtime.recover() != nil)
        #expect(try jobs.recent().first { $0.id == stale.id }?.status == "interrupted")
        #expect(try RegistryVerifier(database: database).verify().ok)
    }

    // MARK: - helpers

    private func waitForSleepers(_ clock: ManualClock, _ n: Int) async -> Bool {
        await waitFor { await clock.sleeperCount >= n }
    }

    private func waitFor(_ condition: @Sendable () async -> Bool) async -> Bool {
        for _ in 0..<500 {
            if await condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return await condition()
    }
}

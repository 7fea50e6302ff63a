import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore

/// What the supervisor does at each tick: the nightly job, the monitor pass and the watchdog, plus crash recovery
/// and catch-up at start. Jobs go through one gate so they never interleave.
public struct SupervisorRuntime: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let configSnapshot: String
    public let alerts: AlertCenter
    public let clock: any WallClock
    public let logger: Logger
    public let gate = JobGate()
    public let timeZone: TimeZone
    public let retrainSchedule: CronSchedule

    public init(database: any StoreBackend, config: SegmentOpsConfig, configSnapshot: String, alerts: AlertCenter,
                clock: any WallClock, logger: Logger) throws {
        self.database = database
        self.config = config
        self.configSnapshot = configSnapshot
        self.alerts = alerts
        self.clock = clock
        self.logger = logger
        timeZone = TimeZone(identifier: config.supervisor.timezone) ?? TimeZone(identifier: "UTC")!
        retrainSchedule = try CronSchedule(config.supervisor.retrainCron)
    }

    /// The last complete day before `date` in the supervisor's time zone.
    public func lastCompleteDay(before date: Date) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return (Day(year: c.year!, month: c.month!, day: c.day!) ?? Timestamp.day(of: date)) - 1
    }

    /// Marks runs a dead process left `running` as interrupted (their alerts go out) and returns the scheduled
    /// nightly time to catch up on, if its run never succeeded.
    public func recover() throws -> Date? {
        let now = clock.now()
        for run in try JobStore(database: database).interruptStale(at: now) {
            logger.warning("Job interrupted by a stopped process", metadata: ["job.id": "\(run.id)", "job.kind": "\(run.kind)"])
            try EventStore(database: database).record(
                type: run.kind == "nightly" ? "retrain_failed" : "step_failed", asOf: run.asOf.flatMap { Day($0) }, jobID: run.id,
                detail: ["error": "interrupted: the process stopped during the run (pid \(run.pid ?? 0)); it is retried now",
                         "step": .string(run.kind)], at: now)
        }
        guard let last = retrainSchedule.previous(atOrBefore: now, in: timeZone) else { return nil }
        return try JobStore(database: database).succeeded(kind: "nightly", scheduledFor: last) ? nil : last
    }

    public func nightly(scheduledFor: Date) async {
        await gate.run {
            let now = clock.now()
            let asOf = lastCompleteDay(before: scheduledFor)
            logger.info("Nightly job starting", metadata: ["job.as_of": "\(asOf)", "job.scheduled_for": "\(Timestamp.format(scheduledFor))"])
            do {
                let outcome = try await NightlyJob(database: database, config: config, configSnapshot: configSnapshot,
                                                   alerts: alerts, logger: logger)
                    .run(asOf: asOf, scheduledFor: scheduledFor, at: now, deliver: false)
                logger.info("Nightly job finished", metadata: ["job.id": "\(outcome.jobID)", "job.failed": "\(outcome.failedSteps)",
                                                               "model.version": "\(outcome.trained.map(String.init) ?? "-")"])
            } catch let done as JobStore.AlreadyRun {
                logger.notice("Nightly job already run for this schedule; not running it again",
                              metadata: ["job.id": "\(done.id)", "job.status": "\(done.status)"])
            } catch {
                logger.error("Nightly job could not run", metadata: ["error": "\(error)"])
            }
        }
    }

    public func monitor(scheduledFor: Date) async {
        await gate.run {
            do {
                _ = try await MonitorCycle(database: database, config: config, alerts: alerts, logger: logger)
                    .run(asOf: lastCompleteDay(before: scheduledFor), at: clock.now(), deliver: false)
            } catch {
                logger.error("Monitor pass failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Heartbeat, delivery health, Alertmanager re-push and the RetrainMissed check.
    public func watchdog(scheduledFor: Date) async {
        let now = clock.now()
        do {
            try checkRetrainMissed(now: now)
            try alerts.engine.evaluate(at: now, sourcePrefix: "watchdog")
            try alerts.engine.evaluate(at: now, sourcePrefix: "delivery.")
            try alerts.engine.evaluate(at: now, sourcePrefix: "event.retrain_missed")
            try alerts.engine.refreshAlertmanager(at: now)
        } catch {
            logger.error("Watchdog tick failed", metadata: ["error": "\(error)"])
        }
    }

    /// Records `retrain_missed` once for a scheduled retrain not completed within the grace period.
    func checkRetrainMissed(now: Date) throws {
        guard let last = retrainSchedule.previous(atOrBefore: now, in: timeZone),
              now.timeIntervalSince(last) >= config.supervisor.retrainGrace,
              try !JobStore(database: database).succeeded(kind: "nightly", scheduledFor: last) else { return }
        let events = EventStore(database: database)
        let slot = Timestamp.format(last)
        if try events.recent(limit: 1, type: "retrain_missed").first?.detail["scheduled_for"]?.stringValue == slot { return }
        try events.record(type: "retrain_missed", asOf: lastCompleteDay(before: last),
                          detail: ["scheduled_for": .string(slot), "grace": .string(DurationText.format(config.supervisor.retrainGrace))],
                          at: now)
        logger.warning("Scheduled retrain missed", metadata: ["job.scheduled_for": "\(slot)"])
    }

    /// The scheduler's tasks.
    public func tasks() throws -> [ScheduledTask] {
        let s = config.supervisor
        return [
            ScheduledTask(name: "retrain", schedule: retrainSchedule) { await nightly(scheduledFor: $0) },
            ScheduledTask(name: "monitor", schedule: try CronSchedule(s.monitorCron)) { await monitor(scheduledFor: $0) },
            ScheduledTask(name: "watchdog", schedule: try CronSchedule(s.watchdogCron)) { await watchdog(scheduledFor: $0) },
        ]
    }
}

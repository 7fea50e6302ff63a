import API
import Alerting
import Foundation
import Hummingbird
import Logging
import SegmentConfig
import SegmentStore
import Segments
import ServiceLifecycle
import UnixSignals

/// The composition root of `segmentops supervise`: the scheduler (nightly job, monitors, watchdog), continuous
/// alert delivery and the HTTP API in one ServiceGroup with graceful shutdown on SIGTERM and SIGINT.
public enum SupervisorApp {
    public struct Options: Sendable {
        public var serveAPI = true
        public var signals: [UnixSignal] = [.sigterm, .sigint]
        public var onAPIRunning: @Sendable (Int) async -> Void = { _ in }
        public init() {}
    }

    /// Builds the group. The leader's work (crash recovery and catch-up, then the scheduler and delivery) runs under
    /// `election`: at once for the one supervisor of a SQLite file, on whichever supervisor leads on PostgreSQL.
    public static func buildServiceGroup(database: any StoreBackend, config: SegmentOpsConfig, configSnapshot: String,
                                         alerts: AlertCenter, clock: any WallClock, options: Options = Options(),
                                         election: (any LeaderElection)? = nil, logger: Logger) throws -> ServiceGroup {
        let runtime = try SupervisorRuntime(database: database, config: config, configSnapshot: configSnapshot,
                                            alerts: alerts, clock: clock, logger: logger)
        let election = election ?? SoloLeadership(database: database)
        _ = try runtime.tasks()  // a bad schedule fails at start, not at the first leadership
        let leader = LeaderService(election: election, logger: logger) { _ in
            await lead(runtime, database: database, config: config, alerts: alerts, clock: clock, logger: logger)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: leader, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if options.serveAPI {
            let env = APIEnvironment(database: database, config: config, rulesLoaded: alerts.rules.count, leadership: election,
                                     now: { clock.now() })
            let app = try SegmentOpsAPI.buildApplication(env, logger: logger, onServerRunning: options.onAPIRunning)
            services.append(.init(service: app, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: options.signals,
                                                 cancellationSignals: [], logger: logger))
    }

    /// The leader's work: the runs a dead leader left half-way are marked interrupted and the retrain owed is run
    /// once, then the scheduler and delivery run until shutdown or until leadership is lost.
    static func lead(_ runtime: SupervisorRuntime, database: any StoreBackend, config: SegmentOpsConfig,
                     alerts: AlertCenter, clock: any WallClock, logger: Logger) async {
        let catchUp: Date?
        do {
            catchUp = try runtime.recover()
        } catch {
            logger.error("Crash recovery failed; leading without it", metadata: ["error": "\(error)"])
            catchUp = nil
        }
        if let catchUp {
            logger.notice("A scheduled retrain never completed; running it once now", metadata: ["job.scheduled_for": "\(Timestamp.format(catchUp))"])
        }
        var onStart: (@Sendable () async -> Void)?
        if let catchUp { onStart = { await runtime.nightly(scheduledFor: catchUp) } }
        guard let tasks = try? runtime.tasks() else { return }
        let scheduler = SchedulerService(clock: clock, timeZone: runtime.timeZone, tasks: tasks, onStart: onStart, logger: logger)
        let delivery = DeliveryService(alerts: alerts,
                                       feed: config.segments.feed.destinations.isEmpty ? nil
                                           : FeedDispatcher(database: database, config: config, logger: logger),
                                       clock: clock, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await scheduler.run() }
            group.addTask { try? await delivery.run() }
        }
    }
}

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

    /// Builds the group after crash recovery; the first scheduler action is the catch-up run, if one is owed.
    public static func buildServiceGroup(database: SegmentDatabase, config: SegmentOpsConfig, configSnapshot: String,
                                         alerts: AlertCenter, clock: any WallClock, options: Options = Options(),
                                         logger: Logger) throws -> ServiceGroup {
        let runtime = try SupervisorRuntime(database: database, config: config, configSnapshot: configSnapshot,
                                            alerts: alerts, clock: clock, logger: logger)
        let catchUp = try runtime.recover()
        if let catchUp {
            logger.notice("A scheduled retrain never completed; running it once now", metadata: ["job.scheduled_for": "\(Timestamp.format(catchUp))"])
        }
        var onStart: (@Sendable () async -> Void)?
        if let catchUp { onStart = { await runtime.nightly(scheduledFor: catchUp) } }
        let scheduler = SchedulerService(clock: clock, timeZone: runtime.timeZone, tasks: try runtime.tasks(),
                                         onStart: onStart, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: DeliveryService(alerts: alerts,
                                           feed: config.segments.feed.destinations.isEmpty ? nil
                                               : FeedDispatcher(database: database, config: config, logger: logger),
                                           clock: clock, logger: logger),
                  successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if options.serveAPI {
            let env = APIEnvironment(database: database, config: config, rulesLoaded: alerts.rules.count, now: { clock.now() })
            let app = try SegmentOpsAPI.buildApplication(env, logger: logger, onServerRunning: options.onAPIRunning)
            services.append(.init(service: app, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: options.signals,
                                                 cancellationSignals: [], logger: logger))
    }
}

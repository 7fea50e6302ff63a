import Alerting
import ArgumentParser
import Foundation
import Logging
import PostgresStore
import SegmentStore
import Supervisor

struct SuperviseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise",
        abstract: "Run the control plane: nightly retrain, hourly monitors, watchdog, alert delivery and the HTTP API.",
        discussion: """
            Schedules come from supervisor.schedule (cron, in supervisor.timezone). A retrain missed while the process \
            was down runs once at start; runs a killed process left behind are marked interrupted and retried. On a \
            SQLite file one supervisor may run (a second one exits naming the first). On PostgreSQL any number may \
            run: every one serves the API and exactly one, the leader, runs schedules, monitors, decisions and \
            delivery; when it dies another takes over within a second. SIGTERM or SIGINT shut down gracefully: the \
            job in progress finishes, due alerts are delivered, leadership is released, the HTTP server drains.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Listen address for the API (default api.host, 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port for the API (default api.port, 8080; 0 picks a free port).")
    var port: Int?

    @Flag(name: .customLong("no-api"), help: "Do not serve the HTTP API.")
    var noAPI = false

    func run() async throws {
        let context = try CommandContext(global)
        var config = context.config
        if let host { config.api.host = host }
        if let port { config.api.port = port }
        let database = try context.database(create: true, recordConfig: true, actor: ActorIdentity.system)
        let logger = Logger(label: "segmentops.supervisor")
        // One supervisor per SQLite file; on PostgreSQL, leadership among any number.
        let lock = try (database as? SegmentDatabase).map { try SupervisorLock(databasePath: $0.path, since: Timestamp.format(Date())) }
        let election: (any LeaderElection)? = (database as? PostgresBackend).map { PostgresLeaderElection(backend: $0, logger: logger) }
        let alerts = try AlertCenter.load(database: database, config: config, logger: logger)
        var options = SupervisorApp.Options()
        options.serveAPI = !noAPI
        let apiHost = config.api.host
        options.onAPIRunning = { port in
            logger.notice("API listening", metadata: ["http.address": "\(apiHost):\(port)"])
        }
        logger.notice("Supervisor starting", metadata: [
            "db": "\(database.location)", "config": "\(context.configSource)", "rules": "\(alerts.rules.count)",
            "receivers": "\(config.alerting.receivers.map(\.name).joined(separator: ","))",
            "retrain": "\(config.supervisor.retrainCron)", "timezone": "\(config.supervisor.timezone)",
        ])
        let group = try SupervisorApp.buildServiceGroup(database: database, config: config,
                                                        configSnapshot: context.configSnapshot, alerts: alerts,
                                                        clock: SystemClock(), options: options, election: election,
                                                        logger: logger)
        try await group.run()
        withExtendedLifetime(lock) {}
        logger.notice("Supervisor stopped")
    }
}

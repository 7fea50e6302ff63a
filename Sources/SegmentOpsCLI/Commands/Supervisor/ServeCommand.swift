import API
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SegmentStore
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve only the HTTP API (no scheduler): a scoring and read replica next to a running supervisor.",
        discussion: "Scoring reads the production pointer on every request, so promotions and rollbacks take effect at once.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Listen address (default api.host, 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port (default api.port, 8080; 0 picks a free port).")
    var port: Int?

    func run() async throws {
        let context = try CommandContext(global)
        var config = context.config
        if let host { config.api.host = host }
        if let port { config.api.port = port }
        let database = try context.database()
        var configured = Logger(label: "segmentops.api")
        configured.logLevel = .fromEnvironment(or: .notice)
        let logger = configured
        let env = APIEnvironment(database: database, config: config, rulesLoaded: nil)
        let apiHost = config.api.host
        let app = try SegmentOpsAPI.buildApplication(env, logger: logger) { port in
            logger.notice("API listening", metadata: ["http.address": "\(apiHost):\(port)"])
            Console.out("listening on http://\(apiHost):\(port)")
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

import API
import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Supervisor
import Testing

@Suite("No alert lost: replay never gives up, losses are loud", .serialized)
struct DeliveryLossTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    private func receiverConfig(_ url: String) -> ReceiverConfig {
        ReceiverConfig(name: "oncall", kind: .webhook, url: url, secret: Secret(Self.secret),
                       severities: ["critical", "warning", "info"])
    }

    @Test("replay with the only receiver down: nothing dead-lettered, 'N undelivered' reported, delivered on the next run")
    func replayKeepsUndelivered() async throws {
        // Given the repro: a broken feed replayed with the only webhook receiver at a closed port.
        let port = try TestReceiver.freePort()
        var config = TestWorkspace.defaultConfig()
        config.alerting.receivers = [receiverConfig("http://127.0.0.1:\(port)/hook")]
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        var logger = Logger(label: "test.replay")
        logger.logLevel = .critical
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(),
                                 random: { 0 }, logger: logger)
        let (batch, spec) = Fixtures.simulate(.brokenFeed, customers: 2000, days: 80, seed: 3)
        let report = try await Replay(database: database, config: config, configSnapshot: "test", alerts: alerts, logger: logger)
            .run(file: "broken.csv", bytes: Array(Fixtures.csv(batch).utf8), from: nil, to: spec.start + 63)

        // Then nothing was given up, and what is owed is reported on the timeline and in the summary.
        let outbox = OutboxStore(database: database)
        #expect(try outbox.list(failed: true).isEmpty)
        #expect(try outbox.lostCount() == 0)
        #expect(report.summary.undelivered > 0)
        #expect(report.summary.undelivered == (try outbox.depth().pending))
        let last = try #require(report.days.last)
        #expect(last.events.contains { $0.type == "undelivered" && $0.detail.contains("\(report.summary.undelivered) undelivered") })

        // When the receiver comes back, the next run delivers every one of them.
        let receiver = try TestReceiver.started(port: port)
        defer { receiver.stop() }
        for _ in 0..<3 { _ = try await alerts.deliver(now: { Date().addingTimeInterval(600) }) }
        #expect(try outbox.depth().pending == 0)
        #expect(receiver.requests.count >= report.summary.undelivered)
    }

    @Test("give-up counts from the first attempt, not from a (simulated) creation time")
    func giveUpFromFirstAttempt() async throws {
        let port = try TestReceiver.freePort()
        var config = TestWorkspace.defaultConfig()
        config.alerting.receivers = [receiverConfig("http://127.0.0.1:\(port)/hook")]
        let workspace = try TestWorkspace(config: config)
        var logger = Logger(label: "test.delivery")
        logger.logLevel = .critical
        let alerts = AlertCenter(database: try workspace.database(), config: config, rules: [], random: { 0 }, logger: logger)
        // Created a simulated week ago, first tried now: a failure now is a retry, not a dead letter.
        _ = try alerts.sendTest(receiver: "oncall", at: Date().addingTimeInterval(-7 * 86400))
        _ = try await alerts.deliver()
        let item = try #require(try OutboxStore(database: alerts.database).list().first)
        #expect(item.state == "pending" && item.attempts == 1)
        // A day and more of failures after that first attempt: given up.
        _ = try await alerts.deliver(now: { Date().addingTimeInterval(86400 + 60) })
        #expect(try OutboxStore(database: alerts.database).list(failed: true).count == 1)
    }

    @Test("every receiver failed: status, deliveries --failed, /metrics and monitor's exit code say so")
    func lossIsLoud() async throws {
        let refusing = try TestReceiver.started(fallback: 400)
        defer { refusing.stop() }
        let workspace = try TestWorkspace()
        let (batch, _) = Fixtures.simulate(.stable, customers: 300, days: 20)
        try Fixtures.ingest(batch, into: try workspace.database())
        let configPath = try workspace.file("segmentops.yaml", """
            alerting:
              rules_dir: \(TestPaths.root)/Alerts
              runbooks_dir: \(TestPaths.root)/Runbooks
              receivers:
                - name: oncall
                  url: \(refusing.url)
                  severities: [critical, warning, info]
            """)
        let common = ["--db", workspace.databasePath, "--config", configPath]

        // The Watchdog (info) notification goes to the only receiver, which refuses it for good.
        let monitor = try CLI.run(["monitor"] + common, cwd: workspace.path)
        #expect(monitor.status == 6, "\(monitor.stderr)")
        #expect(monitor.stderr.contains("reached no receiver"))

        let status = try CLI.run(["status"] + common, cwd: workspace.path)
        #expect(status.stdout.contains("LOST"), "\(status.stdout)")
        let statusJSON = try JSONDecoder().decode(JSONValue.self, from: Data(try CLI.run(["status", "--json"] + common, cwd: workspace.path).stdout.utf8))
        #expect((statusJSON["lost_notifications"]?.doubleValue ?? 0) >= 1)
        let failed = try CLI.run(["alerts", "deliveries", "--failed"] + common, cwd: workspace.path)
        #expect(failed.stdout.contains("LOST:") && failed.stdout.contains("Watchdog"), "\(failed.stdout)")

        let database = try workspace.database()
        let metrics = try APIMetrics().render(database: database)
        let lost = try #require(metrics.split(separator: "\n").first { $0.hasPrefix("segmentops_alert_notifications_lost ") })
        #expect((Double(lost.split(separator: " ").last ?? "") ?? 0) >= 1)
        #expect(metrics.contains("segmentops_outbox_dead_letters{receiver=\"oncall\"}"))

        // A second pass loses nothing new: the exit code reports this run's losses.
        #expect(try CLI.run(["monitor", "--no-deliver"] + common, cwd: workspace.path).status == 0)
    }
}

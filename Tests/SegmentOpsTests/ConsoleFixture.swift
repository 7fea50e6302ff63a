import Alerting
import API
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Supervisor

/// A fixed 120-day replay (concept drift, 1,500 customers, seed 3) with protected attributes and one customer whose
/// id is markup, built once per test run and shared by the console tests. Deterministic: the same database (up to
/// the code version in lineage and the hashes that cover it) on every run.
struct ConsoleFixture: Sendable {
    static let hostileID = "<script>alert(1)</script>"
    /// The console's clock: the morning after the replay's last nightly run.
    static let now = Timestamp.parse("2026-05-01T06:00:00Z")!
    static let shared = Task { try await ConsoleFixture.build() }
    nonisolated(unsafe) static var folder = ""

    let database: SegmentDatabase
    let config: SegmentOpsConfig
    let end: Day

    static func build() async throws -> ConsoleFixture {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-console-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ConsoleFixture.folder) }
        let config = TestWorkspace.defaultConfig()
        let database = try SegmentDatabase.open(path: folder + "/console.db", schema: config.schema, create: true)
        var spec = SimulationSpec(scenario: .concept, customers: 1500, days: 120, seed: 3, start: Fixtures.start)
        spec.proxy = false
        let simulator = Simulator(spec: spec)
        var batch = ObservationBatch(featureCount: 12)
        simulator.generate { batch.append($0) }
        // The markup customer behaves like C000001.
        var csv = Fixtures.csv(batch)
        let copies = csv.split(separator: "\n").filter { $0.hasPrefix("C000001,") }
            .map { hostileID + $0.dropFirst("C000001".count) }
        csv += copies.joined(separator: "\n") + "\n"
        var logger = Logger(label: "test.console")
        logger.logLevel = .critical
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: logger)
        _ = try await Replay(database: database, config: config, configSnapshot: "test", alerts: alerts, logger: logger)
            .run(file: "concept.csv", bytes: Array(csv.utf8), from: nil, to: nil)
        _ = try AttributeStore(database: database).ingest(simulator.attributeRows(), file: "attributes.csv",
                                                          fileSHA256: "attributes", actor: "test", at: now)
        return ConsoleFixture(database: database, config: config, end: spec.end)
    }

    /// The API environment on the fixture with the console's fixed clock.
    func environment(tokens: [APIToken] = [], host: String = "127.0.0.1") -> APIEnvironment {
        var config = self.config
        config.api.tokens = tokens
        config.api.host = host
        return APIEnvironment(database: database, config: config, rulesLoaded: nil, now: { ConsoleFixture.now })
    }
}

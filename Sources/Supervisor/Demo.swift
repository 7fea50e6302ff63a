import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation

/// `segmentops demo`: simulate a scenario into a fresh database, replay it with alerts delivered to a signing-
/// checking webhook receiver on loopback, and tell the story.
public struct Demo: Sendable {
    public let scenario: Scenario
    public let directory: String
    public let customers: Int
    public let days: Int
    public let seed: UInt64
    public let config: SegmentOpsConfig
    public let configSnapshot: String
    public let logger: Logger

    public init(scenario: Scenario, directory: String, customers: Int, days: Int, seed: UInt64,
                config: SegmentOpsConfig, configSnapshot: String, logger: Logger) {
        self.scenario = scenario
        self.directory = directory
        self.customers = customers
        self.days = days
        self.seed = seed
        self.config = config
        self.configSnapshot = configSnapshot
        self.logger = logger
    }

    public struct Outcome: Sendable {
        public let databasePath: String
        public let csvPath: String
        public let spec: SimulationSpec
        public let report: ReplayReport
        public let receiver: DemoReceiver.Tally
    }

    public func run(line: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let dbPath = directory + "/demo.db", csvPath = directory + "/observations.csv"
        for suffix in ["", "-wal", "-shm", ".supervisor.lock"] where fm.fileExists(atPath: dbPath + suffix) {
            try fm.removeItem(atPath: dbPath + suffix)
        }
        let spec = SimulationSpec(scenario: scenario, customers: customers, days: days, seed: seed,
                                  start: Day(year: 2026, month: 1, day: 1)!)
        try spec.validate()
        line("simulating \(customers) customers over \(days) days, scenario \(scenario.rawValue): \(scenario.summary) (from \(spec.changeDay))")
        let bytes = try Demo.simulate(spec)
        try Data(bytes).write(to: URL(fileURLWithPath: csvPath))

        let key = (0..<24).map { _ in UInt8.random(in: 0...255) }
        let secret = Secret("whsec_" + Data(key).base64EncodedString())
        let receiver = DemoReceiver(secret: secret, logger: logger)
        let url = try await receiver.start()
        var config = self.config
        config.alerting.receivers = [ReceiverConfig(name: "demo-oncall", kind: .webhook, url: url, secret: secret,
                                                    severities: ["critical", "warning"])]
        line("on-call webhook receiver listening at \(url) (checks every Standard Webhooks signature)")

        line("replaying into \(dbPath): one line per day — production version, realised accuracy, label-free estimate, harm rate, worst feature PSI, segment-mix PSI, events")
        line("(the same history is replayed meanwhile under two naive policies, always promote the newest and keep the first, for the comparison at the end)")
        let logger = self.logger
        let alertConfig = config
        let report = try await PolicyComparison(config: config, configSnapshot: configSnapshot, logger: logger)
            .run(file: csvPath, bytes: bytes, databasePath: dbPath,
                 alerts: { try AlertCenter.load(database: $0, config: alertConfig, logger: logger) },
                 from: nil, to: nil) { day in line(DemoText.timelineLine(day)) }
        let database = try SegmentDatabase.open(path: dbPath, schema: config.schema)
        _ = try await AlertCenter.load(database: database, config: config, logger: logger).deliver(now: { Date() })  // anything still due goes out now
        await receiver.stop()
        return Outcome(databasePath: dbPath, csvPath: csvPath, spec: spec, report: report, receiver: receiver.snapshot)
    }

    static func simulate(_ spec: SimulationSpec) throws -> [UInt8] {
        let writer = ObservationCSVWriter(schema: Simulator.schema)
        var text = writer.header
        Simulator(spec: spec).generate { text += writer.line($0) }
        return Array(text.utf8)
    }
}

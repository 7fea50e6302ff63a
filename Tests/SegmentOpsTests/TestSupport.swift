import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Testing
import Training

/// A throw-away folder with a real SQLite file, removed when the test ends.
final class TestWorkspace: @unchecked Sendable {
    let path: String
    let config: SegmentOpsConfig

    init(config: SegmentOpsConfig = TestWorkspace.defaultConfig()) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.config = config
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var databasePath: String { path + "/segmentops.db" }

    func database() throws -> SegmentDatabase {
        try SegmentDatabase.open(path: databasePath, schema: config.schema, create: true)
    }

    func file(_ name: String, _ contents: String) throws -> String {
        let p = path + "/" + name
        try contents.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// The shipped configuration with rules and runbooks of the repository.
    static func defaultConfig() -> SegmentOpsConfig {
        var config = SegmentOpsConfig()
        config.baseDirectory = TestPaths.root
        return config
    }
}

enum TestPaths {
    /// The repository root (this file is Tests/SegmentOpsTests/TestSupport.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The built `segmentops` executable (built by `swift build` before the tests).
    static var executable: String {
        for candidate in [".build/debug/segmentops", ".build/release/segmentops"] {
            let p = root + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root + "/.build/debug/segmentops"
    }
}

enum Fixtures {
    static let start = Day(year: 2026, month: 1, day: 1)!

    /// Simulated observations as a batch (and CSV text).
    static func simulate(_ scenario: Scenario, customers: Int = 3500, days: Int = 120, seed: UInt64 = 1,
                         changeDay: Day? = nil, from first: Day? = nil,
                         labelDelay: ClosedRange<Int>? = nil) -> (batch: ObservationBatch, spec: SimulationSpec) {
        var spec = SimulationSpec(scenario: scenario, customers: customers, days: days, seed: seed, start: first ?? start,
                                  changeDay: changeDay)
        spec.labelDelay = labelDelay
        var batch = ObservationBatch(featureCount: 12)
        Simulator(spec: spec).generate { batch.append($0) }
        return (batch, spec)
    }

    static func csv(_ batch: ObservationBatch) -> String {
        let writer = ObservationCSVWriter(schema: .standard, labelDays: batch.hasLabelDays)
        var text = writer.header
        for i in 0..<batch.count { text += writer.line(batch.observation(i)) }
        return text
    }

    /// Rows of `batch` with `as_of` in `range`.
    static func slice(_ batch: ObservationBatch, _ range: DayRange) -> ObservationBatch {
        var out = ObservationBatch(featureCount: batch.featureCount)
        for i in 0..<batch.count where range.contains(batch.days[i]) { out.append(batch.observation(i)) }
        return out
    }

    @discardableResult
    static func ingest(_ batch: ObservationBatch, into database: SegmentDatabase, name: String = "fixture.csv",
                       at date: Date = Date()) throws -> IngestReport {
        try ObservationStore(database: database).ingest(batch, file: name, fileSHA256: name, actor: "test", relabel: false, at: date)
    }

    @discardableResult
    static func train(_ database: SegmentDatabase, config: SegmentOpsConfig, asOf: Day, at date: Date = Date()) throws -> ModelVersion {
        try Trainer(database: database, config: config).train(asOf: asOf, actor: "trainer", configSnapshot: "test", at: date).version
    }
}

/// Runs the real `segmentops` executable.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? TestPaths.root)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func start(_ arguments: [String], cwd: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? TestPaths.root)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Polls `condition` every 20 ms for up to `seconds`.
func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

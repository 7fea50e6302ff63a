import Alerting
import Foundation
import GRDB
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments
import Simulation
import Supervisor
import Testing

@Suite("Segments customers can live with: judged against the simulator's ground truth")
struct SegmentTrackingTests {
    private func logger() -> Logger {
        var logger = Logger(label: "test.segments")
        logger.logLevel = .critical
        return logger
    }

    /// A replay of `scenario` and every latent switch the simulator made.
    private func replay(_ scenario: Scenario, seed: UInt64, workspace: TestWorkspace,
                        config: SegmentOpsConfig? = nil) async throws -> (ReplayReport, [Simulator.Switch], SimulationSpec) {
        let spec = SimulationSpec(scenario: scenario, customers: 3600, days: 110, seed: seed, start: Fixtures.start)
        var batch = ObservationBatch(featureCount: 12)
        var switches = [Simulator.Switch]()
        Simulator(spec: spec).generate({ batch.append($0) }, switched: { switches.append($0) })
        let config = config ?? workspace.config
        let database = try workspace.database()
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: logger())
        let report = try await Replay(database: database, config: config, configSnapshot: "test", alerts: alerts, logger: logger())
            .run(file: "history.csv", bytes: Array(Fixtures.csv(batch).utf8), from: nil, to: nil)
        return (report, switches, spec)
    }

    struct Change {
        let customer: String
        let day: Day
        let to: String
    }

    private func events(_ database: SegmentDatabase, _ kind: SegmentEventRecord.Kind) throws -> [Change] {
        try SegmentStateStore(database: database).events(since: nil, kinds: [kind])
            .filter { kind != .changed || $0.from != nil }
            .map { Change(customer: $0.customerID, day: $0.asOf, to: $0.to ?? "") }
    }

    /// Raw argmax changes between a customer's consecutive observations, as first scored.
    private func rawChanges(_ database: SegmentDatabase) throws -> [Change] {
        try database.writer.read { db in
            var out = [Change]()
            var last = [String: String]()
            for row in try Row.fetchAll(db, sql: """
                SELECT customer_id, as_of, segment FROM segment_book b WHERE scored_at =
                  (SELECT MIN(scored_at) FROM segment_book f WHERE f.customer_id = b.customer_id AND f.as_of = b.as_of)
                ORDER BY customer_id, as_of
                """) {
                let customer: String = row[0], segment: String = row[2]
                if let previous = last[customer], previous != segment {
                    out.append(Change(customer: customer, day: Day(row[1] as String)!, to: segment))
                }
                last[customer] = segment
            }
            return out
        }
    }

    private func median(_ values: [Int]) -> Double {
        let s = values.sorted()
        return s.isEmpty ? .infinity : Double(s[(s.count - 1) / 2] + s[s.count / 2]) / 2
    }

    @Test("migration: confirmed within two weeks of the switch, early flags with precision ≥ 0.7, a tenth of the raw argmax's false changes",
          arguments: [UInt64(41), 42])
    func migration(seed: UInt64) async throws {
        let workspace = try TestWorkspace()
        let (report, switches, _) = try await replay(.migration, seed: seed, workspace: workspace)
        let database = try workspace.database()
        let segments = SegmentSchema.standardSegments
        let changes = try events(database, .changed), flags = try events(database, .transitionStarted)
        let start = report.from, end = report.to
        // Measured after the first 28 days of tracking, when every customer was confirmed at once.
        let burnIn = start + 28
        var byCustomer = [String: [Simulator.Switch]]()
        for s in switches { byCustomer[s.customerID, default: []].append(s) }
        func explained(_ c: Change) -> Bool {
            (byCustomer[c.customer] ?? []).contains { c.day - $0.day >= 0 && c.day - $0.day <= 28 && segments[$0.to] == c.to }
        }
        var confirmDelays = [Int](), flagDelays = [Int]()
        for s in switches where s.day >= start + 14 && s.day <= end - 28 {
            let target = segments[s.to]
            let mine = changes.filter { $0.customer == s.customerID && $0.day >= s.day && $0.to == target }
            if let first = mine.map(\.day).min() { confirmDelays.append(first - s.day) }
            let early = (flags + changes).filter { $0.customer == s.customerID && $0.day >= s.day && $0.to == target }
            if let first = early.map(\.day).min() { flagDelays.append(first - s.day) }
        }
        #expect(confirmDelays.count > 200)
        #expect(median(confirmDelays) <= 14, "median days to a confirmed change \(median(confirmDelays))")
        #expect(median(flagDelays) <= 11, "median days to a flag \(median(flagDelays))")
        let measuredFlags = flags.filter { $0.day >= burnIn }
        let precision = Double(measuredFlags.filter(explained).count) / Double(max(1, measuredFlags.count))
        #expect(precision >= 0.7, "flag precision \(precision) on \(measuredFlags.count) flags")
        let falseConfirmed = changes.filter { $0.day >= burnIn && !explained($0) }.count
        let falseRaw = try rawChanges(database).filter { $0.day >= burnIn && !explained($0) }.count
        #expect(falseRaw > 0 && Double(falseConfirmed) <= Double(falseRaw) / 10, "false changes: confirmed \(falseConfirmed), raw \(falseRaw)")
        // The stability audit and the replay tell the same story.
        let stability = try #require(report.stability)
        #expect(stability.confirmedVelocity < stability.rawVelocity / 2 && stability.flipFlops < stability.rawFlipFlops)
        #expect(report.summary.segmentChanges == report.days.compactMap(\.segmentChanges).reduce(0, +))
        #expect(report.days.allSatisfy { $0.segmentChanges != nil })
    }

    @Test("broken feed: no confirmed change while the critical data-drift alert fires; raw scores marked suspect")
    func brokenFeedQuarantine() async throws {
        let workspace = try TestWorkspace()
        let (report, _, spec) = try await replay(.brokenFeed, seed: 43, workspace: workspace)
        let database = try workspace.database()
        let quarantined = report.days.filter { $0.events.contains { $0.type == "segments_quarantined" } }.map(\.date)
        #expect(!quarantined.isEmpty && quarantined.allSatisfy { $0 >= spec.changeDay })
        let firing = Set(quarantined)
        let during = try SegmentStateStore(database: database).events(since: spec.changeDay, kinds: [])
            .filter { firing.contains($0.asOf) }
        #expect(during.isEmpty, "\(during.count) events emitted during quarantine")
        #expect(report.days.filter { firing.contains($0.date) }.allSatisfy { $0.segmentChanges == 0 })
        let suspect = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM segment_book WHERE suspect = 1 AND as_of >= ?",
                             arguments: [spec.changeDay.description]) ?? 0
        }
        #expect(suspect > 0)
    }
}

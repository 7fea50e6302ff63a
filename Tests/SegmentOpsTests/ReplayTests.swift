import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Supervisor
import Testing

@Suite("Replay tells the right story for each scenario")
struct ReplayTests {
    private func replay(_ scenario: Scenario, receivers: [ReceiverConfig] = [], to: Int? = nil) async throws -> (ReplayReport, SimulationSpec, SegmentDatabase, TestWorkspace) {
        var config = TestWorkspace.defaultConfig()
        config.alerting.receivers = receivers
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        let (batch, spec) = Fixtures.simulate(scenario, customers: 3600, days: 110, seed: 7)
        var logger = Logger(label: "test.replay")
        logger.logLevel = .critical
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: logger)
        let report = try await Replay(database: database, config: config, configSnapshot: "test", alerts: alerts, logger: logger)
            .run(file: "\(scenario.rawValue).csv", bytes: Array(Fixtures.csv(batch).utf8), from: nil,
                 to: to.map { spec.start + $0 })
        return (report, spec, database, workspace)
    }

    private func fired(_ report: ReplayReport, _ prefix: String) -> [(Day, String)] {
        report.days.flatMap { day in day.events.filter { $0.type == "alert_fired" && ($0.alert ?? "").hasPrefix(prefix) }.map { (day.date, $0.alert!) } }
    }

    @Test("stable: no critical alert, no rollback")
    func stable() async throws {
        let (report, _, database, workspace) = try await replay(.stable)
        defer { withExtendedLifetime(workspace) {} }
        #expect(report.summary.rollbacks == 0)
        let critical = try AlertStateStore(database: database).transitions(limit: 1000)
            .filter { $0.to == "firing" && ["FeaturePSIHigh", "MisclassificationGuardrailTripped", "NoSafeRollbackTarget"].contains($0.rule) }
        #expect(critical.isEmpty, "\(critical.map(\.rule))")
        #expect(report.summary.promotions >= report.days.count - 2)
        // A healthy model needs no rescue: no remedial promotion, no challengers trained.
        #expect(report.summary.remedialPromotions == 0 && report.summary.challengerNights == 0)
        #expect(try EventStore(database: database).recent(limit: 1, type: "challengers_trained").isEmpty)
    }

    @Test("migration: SegmentMixShift, no AccuracyDecay, no rollback; the label-free estimate tracks realised accuracy")
    func migration() async throws {
        let (report, spec, _, workspace) = try await replay(.migration)
        defer { withExtendedLifetime(workspace) {} }
        let paired = report.days.compactMap { day in day.accuracy.flatMap { a in day.estimatedAccuracy.map { (a, $0) } } }
        #expect(paired.count >= report.days.count - 1)
        let close = paired.filter { abs($0.0 - $0.1) <= 0.02 }.count
        #expect(Double(close) >= 0.9 * Double(paired.count), "estimate within ±0.02 on \(close) of \(paired.count) days")
        #expect(fired(report, "EstimatedAccuracyDrop").isEmpty)
        let shift = fired(report, "SegmentMixShift")
        #expect(!shift.isEmpty)
        #expect(shift.allSatisfy { $0.0 > spec.changeDay })
        #expect(fired(report, "AccuracyDecay").isEmpty)
        #expect(fired(report, "MisclassificationGuardrailTripped").isEmpty)
        #expect(report.summary.rollbacks == 0)
    }

    @Test("concept: the guardrail (or decay) within a few days of the change, then recovery by retrain")
    func concept() async throws {
        let (report, spec, _, workspace) = try await replay(.concept)
        defer { withExtendedLifetime(workspace) {} }
        let trips = fired(report, "MisclassificationGuardrailTripped") + fired(report, "AccuracyDecay")
        let first = try #require(trips.map(\.0).min())
        #expect(first >= spec.changeDay && first <= spec.changeDay + 7, "first trip \(first), change \(spec.changeDay)")
        #expect(report.summary.rollbacks == 0)  // every older version is no better
        #expect(report.summary.noSafeTarget >= 1)
        // Recovery: a later promotion and the guardrail resolved.
        let resolved = report.days.first { day in
            day.date > first && day.events.contains { $0.type == "alert_resolved" && $0.alert == "MisclassificationGuardrailTripped" }
        }
        let recoveredDay = try #require(resolved?.date)
        #expect(report.days.contains { $0.date == recoveredDay && $0.events.contains { $0.type == "promoted" } })
        let last = try #require(report.days.last)
        #expect((last.harmRate ?? 1) < 0.08)
    }

    @Test("broken feed: FeaturePSIHigh critical on the broken features the same day, promotion paused, no rollback")
    func brokenFeed() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let hook = ReceiverConfig(name: "oncall", kind: .webhook, url: receiver.url, secret: Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let (report, spec, database, workspace) = try await replay(.brokenFeed, receivers: [hook], to: 82)
        defer { withExtendedLifetime(workspace) {} }
        let psi = fired(report, "FeaturePSIHigh")
        #expect(psi.contains { $0.0 == spec.changeDay && $0.1 == "FeaturePSIHigh{feature=utilization_ratio}" }, "\(psi)")
        #expect(psi.contains { $0.0 == spec.changeDay && $0.1 == "FeaturePSIHigh{feature=monitoring_sessions}" }, "\(psi)")
        #expect(psi.allSatisfy { $0.1.contains("utilization_ratio") || $0.1.contains("monitoring_sessions") })
        let after = report.days.filter { $0.date > spec.changeDay }
        #expect(!after.isEmpty && after.allSatisfy { day in
            !day.events.contains { $0.type == "promoted" || $0.type == "remedial_promotion" } })
        // Nothing trained across the break ever served — challengers included.
        let registry = ModelRegistry(database: database)
        for interval in try registry.productionIntervals() {
            let trained = try registry.artifact(interval.version).training.trainWindow
            #expect(trained.to < spec.changeDay, "v\(interval.version) trained on \(trained) served")
        }
        #expect(after.contains { day in day.events.contains { $0.type == "paused" } })
        #expect(report.summary.rollbacks == 0)
        let delivered = receiver.requests.filter { String(decoding: $0.body, as: UTF8.self).contains("FeaturePSIHigh") }
        #expect(delivered.count >= 2)
    }

    @Test("replay --json: one entry per day with the documented fields")
    func replayJSON() throws {
        let workspace = try TestWorkspace()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1200, days: 63)
        let file = try workspace.file("obs.csv", Fixtures.csv(batch))
        let result = try CLI.run(["replay", file, "--db", workspace.databasePath, "--json"], cwd: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
        let days = try #require(json["days"]?.arrayValue)
        #expect(days.count == 4)  // 2026-03-01 … 2026-03-04: the first day with 60 days of history, to the last
        for key in ["date", "production_version", "accuracy", "harm_rate", "max_feature_psi", "segment_mix_psi", "events"] {
            #expect(days[0][key] != nil, "days[].\(key)")
        }
        #expect(days[0]["events"]?.arrayValue?.contains { $0["type"]?.stringValue == "promoted" } == true)
        #expect(json["summary"]?["promotions"]?.doubleValue == 4)
    }
}

import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Testing

@Suite("Drift and model-drift monitors on simulated scenarios")
struct MonitoringTests {
    /// A frozen model trained just before the change day, and monitors 30 days after it.
    private func frozen(_ scenario: Scenario, seed: UInt64 = 1) throws -> (TestWorkspace, Monitors, Day) {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, spec) = Fixtures.simulate(scenario, customers: 4000, days: 110, seed: seed)
        try Fixtures.ingest(batch, into: database)
        try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay - 1)
        return (workspace, Monitors(database: database, config: workspace.config), spec.changeDay + 30)
    }

    @Test("migration: the segment mix shifts but a frozen model does not decay significantly")
    func migration() throws {
        let (workspace, monitors, t) = try frozen(.migration)
        defer { withExtendedLifetime(workspace) {} }
        let drift = try monitors.drift(asOf: t, version: nil)
        let evaluation = try monitors.evaluate(asOf: t, version: nil)
        #expect((drift.segmentMix.psi ?? 0) >= 0.1, "mix psi \(drift.segmentMix.psi ?? -1)")
        #expect(!evaluation.decaySignificant, "decay \(evaluation.decay)")
        #expect(!evaluation.guardrail.tripped, "\(evaluation.guardrail.reasons.map(\.message))")
    }

    @Test("concept: a frozen model's decay becomes significant and its harm rate rises")
    func concept() throws {
        let (workspace, monitors, t) = try frozen(.concept)
        defer { withExtendedLifetime(workspace) {} }
        let before = try monitors.evaluate(asOf: t - 31, version: nil)
        let after = try monitors.evaluate(asOf: t, version: nil)
        #expect(after.harmRate > before.harmRate + 0.03)
        #expect(after.guardrail.tripped)
        #expect(after.guardrail.reasons.contains { $0.kind == "harm_rate" })
        let builder = try #require(after.recall["builder"])
        #expect(builder < (before.recall["builder"] ?? 1) - 0.1)
        #expect(after.decay > 0.03)
    }

    @Test("concept with more time: decay is significant by the Wilson rule")
    func conceptDecaySignificant() throws {
        let (workspace, monitors, t) = try frozen(.concept, seed: 7)
        defer { withExtendedLifetime(workspace) {} }
        let e = try monitors.evaluate(asOf: t + 15, version: nil)
        #expect(e.n >= 300)
        #expect(e.accuracyCI[1] < e.baselineAccuracy - 0.05 || e.guardrail.tripped)
    }

    @Test("broken feed: the broken features are critical, the others ok")
    func brokenFeed() throws {
        let (workspace, monitors, t) = try frozen(.brokenFeed)
        defer { withExtendedLifetime(workspace) {} }
        let drift = try monitors.drift(asOf: t, version: nil)
        let bands = Dictionary(uniqueKeysWithValues: drift.features.map { ($0.name, $0.band!) })
        #expect(bands["utilization_ratio"] == .critical)
        #expect(bands["monitoring_sessions"] == .critical)
        for (name, band) in bands where name != "utilization_ratio" && name != "monitoring_sessions" {
            #expect(band == .ok, "\(name) is \(band)")
        }
    }

    @Test("broken feed on its first day: critical on the newest day even though the window is mostly clean")
    func brokenFeedSameDay() throws {
        let (workspace, monitors, _) = try frozen(.brokenFeed)
        defer { withExtendedLifetime(workspace) {} }
        let workspaceDay = Fixtures.start + (110 * 3) / 5
        let drift = try monitors.drift(asOf: workspaceDay, version: nil)
        let feature = try #require(drift.features.first { $0.name == "utilization_ratio" })
        #expect(feature.band != .critical)
        #expect(feature.dayBand == .critical)
        #expect(feature.worstBand == .critical)
    }

    @Test("a window too small gives insufficient_data, not a number")
    func insufficientData() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1500, days: 80)
        try Fixtures.ingest(batch, into: database)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 70)
        var config = workspace.config
        config.monitoring.minRows = 5000
        config.monitoring.minLabelled = 5000
        let monitors = Monitors(database: database, config: config)
        let drift = try monitors.drift(asOf: Fixtures.start + 79, version: nil)
        #expect(drift.status == .insufficientData)
        #expect(drift.features.allSatisfy { $0.psi == nil && $0.band == nil })
        let evaluation = try monitors.evaluate(asOf: Fixtures.start + 79, version: nil)
        #expect(evaluation.status == .insufficientData)
        #expect(evaluation.guardrail.status == "inconclusive" && !evaluation.guardrail.tripped && !evaluation.decaySignificant)
    }

    @Test("drift and evaluate JSON carry the documented fields")
    func jsonShapes() throws {
        let (workspace, _, t) = try frozen(.stable)
        let drift = try CLI.run(["drift", "--db", workspace.databasePath, "--as-of", t.description, "--json"], cwd: workspace.path)
        let d = try JSONDecoder().decode(JSONValue.self, from: Data(drift.stdout.utf8))
        for key in ["version", "as_of", "rows", "features", "segment_mix"] { #expect(d[key] != nil, "drift.\(key)") }
        let feature = try #require(d["features"]?.arrayValue?.first)
        for key in ["name", "psi", "band", "bins"] { #expect(feature[key] != nil, "feature.\(key)") }
        for key in ["psi", "band", "reference", "current"] { #expect(d["segment_mix"]?[key] != nil, "segment_mix.\(key)") }
        let evaluate = try CLI.run(["evaluate", "--db", workspace.databasePath, "--as-of", t.description, "--json"], cwd: workspace.path)
        let e = try JSONDecoder().decode(JSONValue.self, from: Data(evaluate.stdout.utf8))
        for key in ["version", "as_of", "n", "accuracy", "accuracy_ci", "baseline_accuracy", "decay", "decay_significant",
                    "harm_rate", "harm_rate_ci", "recall", "guardrail"] {
            #expect(e[key] != nil, "evaluate.\(key)")
        }
        #expect(e["guardrail"]?["tripped"]?.boolValue != nil && e["guardrail"]?["reasons"]?.arrayValue != nil)
    }
}

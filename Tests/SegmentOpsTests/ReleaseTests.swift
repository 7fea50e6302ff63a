import Foundation
import Monitoring
import Release
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Testing
import Training

@Suite("Guarded promotion and automatic rollback")
struct ReleaseTests {
    private func change(_ registry: ModelRegistry, _ v: Int, force: Bool = false) throws {
        let current = try registry.production()?.version
        try registry.changeProduction(ProductionChange(kind: .promote, target: v, expect: current.map { .version($0) } ?? .none,
                                                       actor: "rm", reason: "test", force: force),
                                      requireApproval: false, at: Date())
    }

    @Test("a candidate trained on a broken feed is blocked by the data-quality gate")
    func brokenFeedBlocked() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, spec) = Fixtures.simulate(.brokenFeed, customers: 3000, days: 110)
        try Fixtures.ingest(batch, into: database)
        let good = try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay - 1)
        try change(ModelRegistry(database: database), good.version)
        let candidate = try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay + 30)
        let decision = try AutoPromoter(database: database, config: workspace.config)
            .decide(candidate: candidate.version, asOf: spec.changeDay + 30, at: Date())
        guard case .blocked(_, let failing) = decision else { Issue.record("not blocked: \(decision)"); return }
        #expect(failing.contains("data_quality"))
        let registry = ModelRegistry(database: database)
        #expect(try registry.version(candidate.version).stage == .rejected)
        #expect(try registry.production()?.version == good.version)
        let reject = try #require(try registry.history(version: candidate.version).last)
        #expect(reject.action == "reject" && reject.reason?.contains("data_quality") == true)
        let gates = reject.evidence["gates"]?.arrayValue ?? []
        #expect(gates.contains { $0["gate"]?.stringValue == "data_quality" && $0["status"]?.stringValue == "fail" })
        #expect(try EventStore(database: database).recent(limit: 1, type: "candidate_blocked").first?.version == candidate.version)
    }

    @Test("a force-promoted version trained on rotated labels is rolled back to the last good one, with evidence")
    func rotatedLabelsRolledBack() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 3000, days: 84)
        let history = Fixtures.slice(batch, DayRange(from: Fixtures.start, to: Fixtures.start + 69))
        try Fixtures.ingest(history, into: database)
        let good = try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 69)
        let registry = ModelRegistry(database: database)
        try change(registry, good.version)

        // The bad version: trained elsewhere on the same rows with every label rotated.
        let elsewhere = try TestWorkspace()
        var rotated = ObservationBatch(featureCount: 12)
        for i in 0..<history.count {
            let o = history.observation(i)
            rotated.append(Observation(customerID: o.customerID, asOf: o.asOf, features: o.features, label: o.label.map { ($0 + 1) % 3 }))
        }
        let other = try elsewhere.database()
        try Fixtures.ingest(rotated, into: other)
        let outcome = try Trainer(database: other, config: elsewhere.config).fit(asOf: Fixtures.start + 69)
        let bad = try registry.register(try NewModelVersion(artifact: outcome.artifact, asOf: Fixtures.start + 69, actor: "mallory",
                                                            configSnapshot: "rotated", codeVersion: "test"), at: Date())
        let promoted = try Promoter(database: database, config: workspace.config)
            .promote(.init(version: bad.version, actor: "mallory", reason: "trust me", force: true), at: Date())
        guard case .forced(let report, let entry) = promoted else { Issue.record("not forced: \(promoted)"); return }
        #expect(report.verdict == .fail)
        #expect(entry.evidence["override"]?.boolValue == true)

        // New labels arrive; the monitor pass trips the guardrail and restores the good version.
        try Fixtures.ingest(Fixtures.slice(batch, DayRange(from: Fixtures.start + 70, to: Fixtures.start + 76)), into: database, name: "new.csv")
        let evaluation = try Monitors(database: database, config: workspace.config).evaluate(asOf: Fixtures.start + 76, version: nil)
        #expect(evaluation.version == bad.version && evaluation.guardrail.tripped)
        let result = try RollbackGuard(database: database, config: workspace.config).respond(to: evaluation, at: Date())
        #expect(result == .rolledBack(from: bad.version, to: good.version))
        #expect(try registry.production()?.version == good.version)
        #expect(try registry.version(bad.version).stage == .rolledBack)
        let rollback = try #require(try registry.history().last { $0.action == "rollback" })
        #expect(rollback.actor == "segmentops" && rollback.reason?.contains("guardrail tripped") == true)
        #expect(rollback.evidence["rolled_back"]?["accuracy"]?.doubleValue != nil)
        #expect(rollback.evidence["restored"]?["accuracy"]?.doubleValue != nil)
        #expect(rollback.evidence["n"]?.doubleValue == Double(evaluation.n))
        #expect(rollback.evidence["thresholds"]?["max_harm_rate"]?.doubleValue == 0.08)
        #expect(try RegistryVerifier(database: database).verify().ok)
    }

    @Test("concept drift: the older version is evaluated and refused; a fresh retrain that passes recovers")
    func conceptNoSafeTargetThenRecovery() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, spec) = Fixtures.simulate(.concept, customers: 4000, days: 120, seed: 7)
        try Fixtures.ingest(batch, into: database)
        let registry = ModelRegistry(database: database)
        let older = try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay - 10)
        try change(registry, older.version)
        let frozen = try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay - 1)
        try change(registry, frozen.version)

        let t = spec.changeDay + 12
        let evaluation = try Monitors(database: database, config: workspace.config).evaluate(asOf: t, version: nil)
        #expect(evaluation.guardrail.tripped)
        let outcome = try RollbackGuard(database: database, config: workspace.config).respond(to: evaluation, at: Date())
        #expect(outcome == .noSafeTarget(current: frozen.version, tried: [older.version]))
        #expect(try registry.production()?.version == frozen.version)
        let event = try #require(try EventStore(database: database).recent(limit: 1, type: "no_safe_rollback_target").first)
        #expect(event.detail["candidates"]?.arrayValue?.first?["guardrail"]?["tripped"]?.boolValue == true)

        let later = spec.changeDay + 32
        let fresh = try Fixtures.train(database, config: workspace.config, asOf: later)
        let decision = try AutoPromoter(database: database, config: workspace.config).decide(candidate: fresh.version, asOf: later, at: Date())
        #expect(decision == .promoted(version: fresh.version, replaced: frozen.version, remedial: false))
        let recovered = try Monitors(database: database, config: workspace.config).evaluate(asOf: later, version: nil)
        #expect(recovered.version == fresh.version)
        #expect(!recovered.guardrail.tripped, "\(recovered.guardrail.reasons.map(\.message))")
    }

    @Test("tiny windows are inconclusive: held by the gates, no guardrail action")
    func inconclusive() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 300, days: 80)
        try Fixtures.ingest(batch, into: database)
        let v1 = try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 79)
        let report = try PromotionGates(database: database, config: workspace.config).evaluate(candidate: v1.version, production: nil)
        #expect(report.verdict == .inconclusive)
        #expect(report.gates.first { $0.gate == "evidence" }?.status == .inconclusive)
        let cli = try CLI.run(["promote", "1", "--db", workspace.databasePath, "--reason", "try"], cwd: workspace.path)
        #expect(cli.status == 4, "\(cli.stdout)\(cli.stderr)")
        #expect(cli.stdout.contains("inconclusive"))
        #expect(try ModelRegistry(database: database).history().last?.outcome == "held")
        let forced = try CLI.run(["promote", "1", "--db", workspace.databasePath, "--reason", "pilot", "--force"], cwd: workspace.path)
        #expect(forced.status == 0)
        let evaluation = try Monitors(database: database, config: workspace.config).evaluate(asOf: Fixtures.start + 79, version: nil)
        #expect(try RollbackGuard(database: database, config: workspace.config).respond(to: evaluation, at: Date())
                == .inconclusive(n: evaluation.n))
    }

    @Test("promote prints the gate table and exits 3 when a gate fails; --dry-run changes nothing")
    func promoteExitCodes() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 2500, days: 80)
        try Fixtures.ingest(batch, into: database)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 79)
        let strict = try workspace.file("strict.yaml", "release:\n  gates:\n    recall_floor: 0.99\n")
        let dry = try CLI.run(["promote", "v1", "--db", workspace.databasePath, "--config", strict, "--dry-run"], cwd: workspace.path)
        #expect(dry.status == 3)
        #expect(dry.stdout.contains("recall_floor") && dry.stdout.contains("fail"))
        #expect(try ModelRegistry(database: database).production() == nil)
        let real = try CLI.run(["promote", "v1", "--db", workspace.databasePath, "--config", strict, "--reason", "go", "--json"],
                               cwd: workspace.path)
        #expect(real.status == 3)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(real.stdout.utf8))
        #expect(json["verdict"]?.stringValue == "fail" && json["promoted"]?.boolValue == false)
        let ok = try CLI.run(["promote", "v1", "--db", workspace.databasePath, "--reason", "go"], cwd: workspace.path)
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("skipped"))  // gates needing a production version are recorded as skipped
    }

    @Test("a manual promotion racing an automatic rollback never leaves two production versions")
    func raceWithRollback() async throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, spec) = Fixtures.simulate(.concept, customers: 3000, days: 110, seed: 7)
        try Fixtures.ingest(batch, into: database)
        let registry = ModelRegistry(database: database)
        var versions = [Int]()
        for offset in [-12, -6, -1] {
            versions.append(try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay + offset).version)
        }
        let fresh = try Fixtures.train(database, config: workspace.config, asOf: spec.changeDay + 30).version
        for round in 0..<4 {
            // Production: a version that trips; an older one that may or may not be a safe target.
            for v in versions where try registry.version(v).stage != .production {
                _ = try? registry.changeProduction(ProductionChange(kind: .promote, target: v, expect: .anything, actor: "rm",
                                                                    reason: "setup \(round)", force: true),
                                                   requireApproval: false, at: Date())
            }
            let evaluation = try Monitors(database: database, config: workspace.config).evaluate(asOf: spec.changeDay + 20, version: nil)
            let config = workspace.config
            async let automatic = RollbackGuard(database: database, config: config).respond(to: evaluation, at: Date())
            async let manual: Void = {
                _ = try? registry.changeProduction(ProductionChange(kind: .promote, target: fresh, expect: .anything, actor: "rm",
                                                                    reason: "manual \(round)", force: true),
                                                   requireApproval: false, at: Date())
            }()
            _ = try await (automatic, manual)
            #expect(try registry.list().filter { $0.stage == .production }.count == 1)
            #expect(try RegistryVerifier(database: database).verify().ok)
        }
    }
}

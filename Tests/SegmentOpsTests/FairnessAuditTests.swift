import API
import Alerting
import Fairness
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Release
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Supervisor
import Testing

@Suite("Fair-lending audit: neutral and proxy simulations, the release gate, its evidence, attribute files, the API")
struct FairnessAuditTests {
    /// `customers` customers simulated for 70 days (groups neutral, or with the proxy), their protected attributes,
    /// and v1 trained on the last day.
    private func world(seed: UInt64, proxy: Bool, customers: Int = 5000,
                       config: SegmentOpsConfig = TestWorkspace.defaultConfig()) throws -> (TestWorkspace, SegmentDatabase, Int, Day) {
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        var spec = SimulationSpec(scenario: .stable, customers: customers, days: 70, seed: seed, start: Fixtures.start)
        spec.proxy = proxy
        let simulator = Simulator(spec: spec)
        var batch = ObservationBatch(featureCount: 12)
        simulator.generate { batch.append($0) }
        try Fixtures.ingest(batch, into: database)
        _ = try AttributeStore(database: database).ingest(simulator.attributeRows(), file: "attributes.csv",
                                                          fileSHA256: "attributes", actor: "test", at: Date())
        let v1 = try Fixtures.train(database, config: config, asOf: spec.end)
        return (workspace, database, v1.version, spec.end)
    }

    @Test("neutral groups on 10 seeds: the fairness gate fails at most once (α = 0.05)")
    func neutralSeeds() throws {
        var failures = [UInt64]()
        for seed in UInt64(101)...110 {
            let (workspace, database, v1, _) = try world(seed: seed, proxy: false, customers: 4000)
            let report = try PromotionGates(database: database, config: workspace.config).evaluate(candidate: v1, production: nil)
            let gate = try #require(report.gates.first { $0.gate == "fairness" })
            #expect(gate.status != .skipped, "seed \(seed): \(gate.detail)")
            #expect(report.fairness?.proxyFeatures.contains { $0.flagged } == false, "seed \(seed): a proxy in neutral data")
            if gate.status == .fail { failures.append(seed) }
        }
        #expect(failures.count <= 1, "the gate failed on seeds \(failures)")
    }

    @Test("proxy simulation: the gate fails, names the proxies, the alternative narrows the gap; the evidence verifies and reproduces; the monitor alerts")
    func proxyGate() async throws {
        let (workspace, database, v1, day) = try world(seed: 4, proxy: true)
        let config = workspace.config
        let outcome = try Promoter(database: database, config: config)
            .promote(.init(version: v1, actor: "rm", reason: "first release"), at: Date())
        guard case .refused(let report) = outcome else { Issue.record("promoted: \(outcome)"); return }
        #expect(report.verdict == .fail && report.gates.first { $0.gate == "fairness" }?.status == .fail)
        let fairness = try #require(report.fairness)
        #expect(fairness.verdict == .fail)
        #expect(fairness.flaggedProxies.contains("credit_score") || fairness.flaggedProxies.contains("tenure_days"))
        let failing = try #require(fairness.cells.first { $0.verdict == .fail })
        #expect(failing.air < 0.8 && (failing.pHolm ?? 1) < 0.05)
        let alternative = try #require(fairness.alternative)
        let ratio = try #require(alternative.ratios.first { $0.attribute == failing.attribute && $0.group == failing.group && $0.segment == failing.segment })
        #expect(abs(1 - ratio.alternativeAIR) < abs(1 - ratio.air), "the alternative must narrow the gap")
        #expect(alternative.withoutFeatures.allSatisfy(fairness.flaggedProxies.contains))

        // The blocked decision carries the whole report; the chain verifies and the report comes back the same.
        let registry = ModelRegistry(database: database)
        let entry = try #require(try registry.history(version: v1).last { $0.action == "promote" })
        #expect(entry.outcome == "blocked")
        let stored = try #require(try entry.evidence["fairness"]?.decode(FairnessReport.self))
        #expect(stored.cells == fairness.cells && stored.proxyFeatures == fairness.proxyFeatures)
        #expect(try RegistryVerifier(database: database).verify().ok)
        let again = try FairnessAudit(database: database, config: config)
            .report(version: stored.version, asOf: stored.asOf, options: .init(against: stored.against, alternative: .never))
        #expect(again.cells == stored.cells && again.verdict == stored.verdict && again.attributesDigest == stored.attributesDigest)

        // The same from the command line, as an auditor would: JSON with the documented fields.
        let cli = try CLI.run(["fairness", "report", "--version", "\(v1)", "--as-of", "\(day)", "--no-alternative", "--json",
                               "--db", workspace.databasePath], cwd: workspace.path)
        #expect(cli.status == 0, "\(cli.stderr)")
        let json = try JSONValue(parsing: cli.stdout)
        let cells = json["cells"]?.arrayValue ?? []
        #expect(cells.count == stored.cells.count)
        #expect(cells.allSatisfy { c in ["attribute", "group", "segment", "rate", "air", "p_value", "verdict"].allSatisfy { c[$0] != nil } })
        #expect(json["proxy_features"]?.arrayValue?.contains { $0["feature"]?.stringValue == "credit_score" && $0["smd"]?.doubleValue != nil } == true)

        // Forced into production anyway, the daily audit of production raises FairnessDisparity.
        _ = try Promoter(database: database, config: config)
            .promote(.init(version: v1, actor: "rm", reason: "forced for the test", force: true), at: Date())
        var logger = Logger(label: "test.fairness")
        logger.logLevel = .critical
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: logger)
        let pass = try await MonitorCycle(database: database, config: config, alerts: alerts, logger: logger)
            .run(asOf: day, at: Date(), deliver: false)
        let alert = try #require(pass.alertChanges.first { $0.rule == "FairnessDisparity" })
        #expect(alert.to == "firing" && alert.summary.contains("group_b"))
    }

    @Test("a new proxy at passing ratios needs a named approver; the alternative registers as a candidate")
    func warnNeedsApprover() throws {
        var config = TestWorkspace.defaultConfig()
        config.fairness.airThreshold = 0.5
        let (workspace, database, v1, day) = try world(seed: 4, proxy: true, config: config)
        let promoter = Promoter(database: database, config: workspace.config)
        let first = try promoter.promote(.init(version: v1, actor: "rm", reason: "first release"), at: Date())
        guard case .awaitingApproval(let report, let held) = first else { Issue.record("not held: \(first)"); return }
        #expect(report.needsApproval && report.fairness?.verdict == .warn && held.outcome == "held")
        #expect(report.fairness?.newProxies.isEmpty == false && report.warningSummary.contains("new proxy"))
        #expect(try ModelRegistry(database: database).production() == nil)
        try ModelRegistry(database: database).approve(v1, actor: "compliance", reason: "proxies reviewed", at: Date())
        let second = try promoter.promote(.init(version: v1, actor: "rm", reason: "approved by compliance"), at: Date())
        guard case .promoted = second else { Issue.record("not promoted: \(second)"); return }

        // The alternative without the proxies is a candidate of its own, trained without them.
        let audit = FairnessAudit(database: database, config: workspace.config)
        let alternative = try audit.report(version: v1, asOf: day, options: .init(alternative: .whenFlagged)).alternative
        let without = try #require(alternative?.withoutFeatures)
        let v2 = try audit.registerAlternative(version: v1, without: without, actor: "rm", configSnapshot: "test", at: Date())
        let recipe = try ModelRegistry(database: database).artifact(v2).training.recipe
        #expect(recipe?.withoutFeatures == without)
    }

    @Test("attribute files that are wrong are rejected with file, line and reason, and store nothing", arguments: [
        ("unknown.csv", "customer_id,attribute,value\nC000001,group,group_a\nNOBODY,group,group_b\n", ":3", "unknown customer"),
        ("duplicate.csv", "customer_id,attribute,value\nC000001,group,group_a\nC000001,group,group_a\n", ":3", "duplicate"),
        ("sum.csv", "customer_id,attribute,value,probability\nC000001,group_estimate,group_a,0.5\nC000001,group_estimate,group_b,0.3\n", ":2", "sum"),
        ("feature.csv", "customer_id,attribute,value\nC000001,credit_score,low\n", ":2", "model feature"),
    ] as [(String, String, String, String)])
    func rejectedFiles(_ name: String, _ contents: String, _ line: String, _ reason: String) throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 50, days: 7)
        try Fixtures.ingest(batch, into: database)
        let file = try workspace.file(name, contents)
        let result = try CLI.run(["attributes", "ingest", file, "--db", workspace.databasePath], cwd: workspace.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains(name + line), "\(result.stderr)")
        #expect(result.stderr.lowercased().contains(reason), "\(result.stderr)")
        #expect(!result.stderr.contains("group_a") && !result.stderr.contains("group_b"), "values must not be echoed")
        #expect(try AttributeStore(database: database).isEmpty())
    }

    @Test("the API gives the audit and the attribute summary to auditors only, on loopback too")
    func apiAuditorsOnly() async throws {
        var config = TestWorkspace.defaultConfig()
        config.api.tokens = [APIToken(name: "dash", token: Secret("viewer-token-0123456789ab"), role: .viewer),
                             APIToken(name: "audit", token: Secret("auditor-token-0123456789a"), role: .auditor)]
        let (workspace, database, v1, day) = try world(seed: 3, proxy: false, customers: 1500, config: config)
        defer { withExtendedLifetime(workspace) {} }
        var logger = Logger(label: "test.api")
        logger.logLevel = .critical
        let env = APIEnvironment(database: database, config: config, rulesLoaded: nil)
        let app = Application(router: SegmentOpsAPI.buildRouter(env), logger: logger)
        try await app.test(.live) { client in
            for uri in ["/v1/fairness", "/v1/attributes"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer viewer-token-0123456789ab"]) {
                    #expect($0.status == .forbidden)
                }
            }
            let auditor: HTTPFields = [.authorization: "Bearer auditor-token-0123456789a"]
            try await client.execute(uri: "/v1/fairness?version=\(v1)&as_of=\(day)", method: .get, headers: auditor) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(FairnessReport.self, from: Data(buffer: response.body))
                #expect(report.version == v1 && report.asOf == day && !report.cells.isEmpty)
            }
            try await client.execute(uri: "/v1/fairness?as_of=tomorrow", method: .get, headers: auditor) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/attributes", method: .get, headers: auditor) { response in
                #expect(response.status == .ok)
                let summary = try JSONDecoder().decode(AttributeSummary.self, from: Data(buffer: response.body))
                #expect(summary.attributes.map(\.name) == ["group", "group_estimate"])
            }
        }
    }
}

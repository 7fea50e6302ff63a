import API
import Alerting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Supervisor
import Testing

@Suite("HTTP API")
struct APITests {
    static let releaseToken = "rm-token-0123456789abcdef"
    static let operatorToken = "op-token-0123456789abcdef"
    static let viewerToken = "viewer-token-0123456789ab"

    /// A database with production v1 (and candidate v2), a nightly job and monitors run.
    private func world(host: String = "127.0.0.1") async throws -> (TestWorkspace, APIEnvironment) {
        var config = TestWorkspace.defaultConfig()
        config.api.host = host
        config.api.tokens = [APIToken(name: "ci", token: Secret(Self.releaseToken), role: .releaseManager),
                             APIToken(name: "etl", token: Secret(Self.operatorToken), role: .operator),
                             APIToken(name: "dash", token: Secret(Self.viewerToken), role: .viewer)]
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 3500, days: 80)
        try Fixtures.ingest(batch, into: database)
        let v1 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 70)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v1.version, expect: .none, actor: "rm", reason: "first"),
            requireApproval: false, at: Date())
        try Fixtures.train(database, config: config, asOf: Fixtures.start + 79)
        _ = try BookKeeper(database: database).update(asOf: Fixtures.start + 79, at: Date())
        let alerts = AlertCenter(database: database, config: config, rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load())
        _ = try await MonitorCycle(database: database, config: config, alerts: alerts).run(asOf: Fixtures.start + 79, at: Date(), deliver: false)
        return (workspace, APIEnvironment(database: database, config: config, rulesLoaded: 14))
    }

    private func app(_ env: APIEnvironment) -> some ApplicationProtocol {
        var logger = Logger(label: "test.api")
        logger.logLevel = .critical
        return Application(router: SegmentOpsAPI.buildRouter(env), logger: logger)
    }

    private func json(_ response: TestResponse) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null
    }

    static let features: JSONValue = [
        "credit_access_sessions": 5, "applications_submitted": 1, "monitoring_sessions": 1, "score_simulator_runs": 0,
        "builder_product_payments": 0, "open_credit_lines": 1, "utilization_ratio": 0.3, "on_time_payment_rate": 0.9,
        "credit_score": 640, "balance_transfer_views": 0, "email_engagement_rate": 0.3, "tenure_days": 100,
    ]

    private func body(_ value: JSONValue) -> ByteBuffer { ByteBuffer(string: value.text) }

    @Test("score one feature map or a batch; errors are JSON with a message")
    func score() async throws {
        let (workspace, env) = try await world()
        defer { withExtendedLifetime(workspace) {} }
        try await app(env).test(.router) { client in
            var single = Self.features.objectValue!
            single["customer_id"] = "C9"
            try await client.execute(uri: "/v1/score", method: .post, body: body(.object(single))) { response in
                #expect(response.status == .ok)
                let r = json(response)
                #expect(r["customer_id"]?.stringValue == "C9" && r["model_version"]?.doubleValue == 1)
                let p = r["probabilities"]?.objectValue?.values.compactMap(\.doubleValue) ?? []
                #expect(p.count == 3 && abs(p.reduce(0, +) - 1) < 1e-9)
                #expect(r["segment"]?.stringValue == "acquirer" && (r["margin"]?.doubleValue ?? -1) >= 0)
            }
            try await client.execute(uri: "/v1/score", method: .post, body: body(["rows": [Self.features, Self.features]])) { response in
                let r = json(response)
                #expect(r["results"]?.arrayValue?.count == 2)
            }
            try await client.execute(uri: "/v1/score", method: .post, body: body(["credit_score": 700])) { response in
                #expect(response.status == .unprocessableContent)
                #expect(json(response)["error"]?.stringValue == "missing feature 'credit_access_sessions'")
            }
            try await client.execute(uri: "/v1/score", method: .post, body: ByteBuffer(string: "{oops")) { response in
                #expect(response.status == .badRequest && (json(response)["error"]?.stringValue?.isEmpty == false))
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound && (json(response)["error"] != nil))
            }
        }
    }

    @Test("read routes: models, customer trajectory, history, alerts, drift, runbooks, health")
    func reads() async throws {
        let (workspace, env) = try await world()
        defer { withExtendedLifetime(workspace) {} }
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get) { #expect(json($0).arrayValue?.count == 2) }
            try await client.execute(uri: "/v1/models/v1", method: .get) { response in
                let r = json(response)
                #expect(r["version"]?["stage"]?.stringValue == "production")
                #expect(r["coefficients"]?["builder"]?["credit_score"]?.doubleValue != nil)
            }
            try await client.execute(uri: "/v1/models/9", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/customers/C000001", method: .get) { response in
                let r = json(response)
                #expect(r["current"]?["probabilities"]?.objectValue?.count == 3)
                #expect(r["trajectory"]?.arrayValue?.isEmpty == false)
            }
            try await client.execute(uri: "/v1/customers/NOPE", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/history?limit=3", method: .get) { #expect(json($0).arrayValue?.count == 3) }
            try await client.execute(uri: "/v1/alerts?all=true", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/drift/latest", method: .get) { #expect(json($0)["kind"]?.stringValue == "drift") }
            try await client.execute(uri: "/v1/runbooks/FeaturePSIHigh", method: .get) { response in
                #expect(String(buffer: response.body).contains("## Mitigation"))
            }
            try await client.execute(uri: "/v1/runbooks/..%2Fetc", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect(json($0)["production_version"]?.doubleValue == 1) }
        }
    }

    @Test("metrics are Prometheus exposition (checked by promtool when installed)")
    func metrics() async throws {
        let (workspace, env) = try await world()
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/score", method: .post, body: body(Self.features)) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                for name in ["segmentops_production_version_info{version=\"1\"} 1", "segmentops_feature_psi{feature=\"credit_score\"}",
                             "segmentops_segment_mix_psi", "segmentops_accuracy", "segmentops_harm_rate", "segmentops_outbox_pending",
                             "segmentops_outbox_oldest_age_seconds", "segmentops_score_latency_seconds_bucket", "segmentops_alert_firing"] {
                    #expect(text.contains(name), "missing \(name)")
                }
                let promtool = "/usr/bin/promtool"
                if FileManager.default.isExecutableFile(atPath: promtool) {
                    let file = try workspace.file("metrics.txt", text)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/sh")
                    process.arguments = ["-c", "\(promtool) check metrics < \(file)"]
                    let err = Pipe()
                    process.standardError = err
                    process.standardOutput = err
                    try process.run()
                    process.waitUntilExit()
                    let output = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    #expect(process.terminationStatus == 0, "promtool: \(output)")
                }
            }
        }
    }

    @Test("mutations need a token with the right role; the token's name is the recorded actor")
    func roles() async throws {
        let (workspace, env) = try await world()
        let csv = try String(contentsOfFile: try workspace.file("new.csv", Fixtures.csv(
            Fixtures.slice(Fixtures.simulate(.stable, customers: 3500, days: 85).batch,
                           DayRange(from: Fixtures.start + 80, to: Fixtures.start + 84)))), encoding: .utf8)
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/rollback", method: .post, body: body(["reason": "x"])) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/models/2/promote", method: .post, headers: [.authorization: "Bearer \(Self.viewerToken)"],
                                     body: body(["reason": "x"])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/models/2/promote", method: .post, headers: [.authorization: "Bearer wrong-token-0000000000"],
                                     body: body(["reason": "x"])) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/models/2/promote", method: .post, headers: [.authorization: "Bearer \(Self.releaseToken)"],
                                     body: body(["reason": "nightly candidate", "expect_current": 1])) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(json(response)["promoted"]?.boolValue == true)
            }
            try await client.execute(uri: "/v1/models/1/promote", method: .post, headers: [.authorization: "Bearer \(Self.releaseToken)"],
                                     body: body(["reason": "stale", "expect_current": 1])) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/v1/rollback", method: .post, headers: [.authorization: "Bearer \(Self.releaseToken)"],
                                     body: body(["reason": "back"])) { response in
                #expect(json(response)["production"]?.doubleValue == 1)
            }
            try await client.execute(uri: "/v1/observations", method: .post, headers: [.authorization: "Bearer \(Self.releaseToken)"],
                                     body: ByteBuffer(string: csv)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/observations?file=new.csv", method: .post, headers: [.authorization: "Bearer \(Self.operatorToken)"],
                                     body: ByteBuffer(string: csv)) { response in
                #expect(response.status == .created)
                #expect((json(response)["inserted"]?.doubleValue ?? 0) > 1000)
            }
            try await client.execute(uri: "/v1/observations", method: .post, headers: [.authorization: "Bearer \(Self.operatorToken)"],
                                     body: ByteBuffer(string: IngestTests.header + "\nC1,2026-13-01,1,0,3,2,1,2,0.4,0.9,700,0,0.3,400,\n")) { response in
                #expect(response.status == .unprocessableContent)
                #expect(json(response)["errors"]?.arrayValue?.first?.stringValue?.contains("as_of") == true)
            }
        }
        let actors = try ModelRegistry(database: env.database).history().map(\.actor)
        #expect(actors.contains("api:ci") && actors.contains("api:etl"))
    }

    @Test("scoring follows a rollback at once")
    func scoringFollowsProduction() async throws {
        let (workspace, env) = try await world()
        defer { withExtendedLifetime(workspace) {} }
        try await app(env).test(.router) { client in
            let before = try await client.execute(uri: "/v1/score", method: .post, body: body(Self.features)) { json($0)["model_version"] }
            #expect(before?.doubleValue == 1)
            let registry = ModelRegistry(database: env.database)
            try registry.changeProduction(ProductionChange(kind: .promote, target: 2, expect: .version(1), actor: "rm", reason: "r"),
                                          requireApproval: false, at: Date())
            let after = try await client.execute(uri: "/v1/score", method: .post, body: body(Self.features)) { json($0)["model_version"] }
            #expect(after?.doubleValue == 2)
        }
    }

    @Test("a rollback by another process is served by the very next scoring request; with nothing committed the pointer is not read")
    func scoringFollowsAnotherProcess() async throws {
        let (workspace, env) = try await world()
        defer { withExtendedLifetime(workspace) {} }
        try await app(env).test(.router) { client in
            func served() async throws -> Double? {
                try await client.execute(uri: "/v1/score", method: .post, body: body(Self.features)) { json($0)["model_version"]?.doubleValue }
            }
            #expect(try await served() == 1)
            let reads = env.models.pointerReads
            #expect(try await served() == 1)
            #expect(try await served() == 1)
            #expect(env.models.pointerReads == reads, "nothing was committed: the pointer is not read again")
            #expect(env.models.watchesWALIndex, "requests check the WAL index's header, not the database")
            try ModelRegistry(database: env.database).changeProduction(
                ProductionChange(kind: .promote, target: 2, expect: .version(1), actor: "rm", reason: "r"), requireApproval: false, at: Date())
            #expect(try await served() == 2)
            let rollback = try CLI.run(["rollback", "--db", workspace.databasePath, "--reason", "bad night", "--actor", "oncall"],
                                       cwd: workspace.path)
            #expect(rollback.status == 0, "\(rollback.stderr)")
            #expect(try await served() == 1)
            // Commits that leave the pointer alone (another process ingesting) cost a pointer read, not a reload.
            let check = try CLI.run(["registry", "verify", "--db", workspace.databasePath], cwd: workspace.path)
            #expect(check.status == 0)
            #expect(try await served() == 1)
        }
    }

    @Test("off loopback: refused without tokens; with tokens every read needs one")
    func exposure() async throws {
        var open = TestWorkspace.defaultConfig()
        open.api.host = "0.0.0.0"
        #expect(throws: APIError.self) { try APIEnvironment.validateExposure(open) }
        let (workspace, env) = try await world(host: "0.0.0.0")
        defer { withExtendedLifetime(workspace) {} }
        try APIEnvironment.validateExposure(env.config)
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer \(Self.viewerToken)"]) {
                #expect($0.status == .ok)
            }
            // Scoring is a read: a token of any role, as for every read off loopback.
            try await client.execute(uri: "/v1/score", method: .post, body: body(Self.features)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/score", method: .post, headers: [.authorization: "Bearer \(Self.viewerToken)"],
                                     body: body(Self.features)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}

import API
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments
import Supervisor
import Testing

@Suite("Segments over the API and the CLI: trajectory, treatment, the pull feed, clear errors")
struct SegmentAPITests {
    /// Stable history tracked for three weeks with v1 in production.
    private func world(policy: TreatmentConfig.Policy = .weighted) throws -> (TestWorkspace, APIEnvironment) {
        var config = TestWorkspace.defaultConfig()
        config.segments.treatment.policy = policy
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1200, days: 84, seed: 71)
        try Fixtures.ingest(batch, into: database)
        let v1 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 59)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v1.version, expect: .none, actor: "rm", reason: "first"),
            requireApproval: false, at: Date())
        for day in 60...83 {
            _ = try BookKeeper(database: database).update(asOf: Fixtures.start + day, at: Date())
            _ = try SegmentTracker(database: database, config: config).update(asOf: Fixtures.start + day, at: Date())
        }
        var logger = Logger(label: "test.api")
        logger.logLevel = .critical
        return (workspace, APIEnvironment(database: database, config: config, rulesLoaded: nil,
                                          now: { Date(timeIntervalSince1970: Double((Fixtures.start + 84).index * 86400)) }))
    }

    private func json(_ response: TestResponse) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null
    }

    private func app(_ env: APIEnvironment) -> some ApplicationProtocol {
        var logger = Logger(label: "test.api")
        logger.logLevel = .critical
        return Application(router: SegmentOpsAPI.buildRouter(env), logger: logger)
    }

    @Test("GET /v1/customers/{id}: confirmed segment and since, runner-up with its evidence, flags, 60 days of stored scores")
    func customer() async throws {
        let (workspace, env) = try world()
        defer { withExtendedLifetime(workspace) {} }
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/customers/C000001", method: .get) { response in
                let r = json(response)
                #expect(response.status == .ok)
                #expect(r["status"]?.stringValue == "confirmed")
                #expect(SegmentSchema.standardSegments.contains(r["confirmed_segment"]?.stringValue ?? ""))
                #expect(r["since"]?.stringValue != nil && r["runner_up"]?["evidence"]?.doubleValue != nil)
                #expect(r["runner_up"]?["confirm_threshold"]?.doubleValue == 3)
                // One point per stored score: the first, then each that moved (another segment, or a probability
                // further than storage.score_tolerance).
                let series = r["series"]?.arrayValue ?? []
                #expect(!series.isEmpty && series.allSatisfy { $0["probabilities"]?.objectValue?.count == 3 })
                for (a, b) in zip(series, series.dropFirst()) {
                    let moved = SegmentSchema.standardSegments.contains {
                        abs((a["probabilities"]?[$0]?.doubleValue ?? 0) - (b["probabilities"]?[$0]?.doubleValue ?? 0)) > 0.02
                    }
                    #expect(moved || a["segment"] != b["segment"])
                }
                #expect(r["flags"]?.arrayValue != nil)
            }
        }
    }

    @Test("GET /v1/segment-events pages through the feed with a cursor; a bad cursor is a clear 400")
    func pullFeed() async throws {
        let (workspace, env) = try world()
        defer { withExtendedLifetime(workspace) {} }
        let total = try SegmentStateStore(database: env.database).lastEventID()
        #expect(total >= 1100)
        try await app(env).test(.router) { client in
            var cursor = "0", seen = 0
            while true {
                let page = try await client.execute(uri: "/v1/segment-events?after=\(cursor)&limit=500", method: .get)
                let r = json(page)
                let events = r["events"]?.arrayValue ?? []
                guard !events.isEmpty else { break }
                for e in events {
                    #expect(e["specversion"]?.stringValue == "1.0" && e["subject"]?.stringValue?.hasPrefix("C") == true)
                    #expect(["segment.changed", "segment.transition_started", "segment.transition_cleared"].contains(e["type"]?.stringValue ?? ""))
                    #expect(e["data"]?["model_version"]?.doubleValue == 1 && e["data"]?["reason"]?.stringValue != nil)
                }
                seen += events.count
                cursor = r["next_cursor"]?.stringValue ?? ""
            }
            #expect(seen == total)
            for bad in ["abc", "-1", "1.5"] {
                try await client.execute(uri: "/v1/segment-events?after=\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest && json(response)["error"]?.stringValue?.contains("feed cursor") == true)
                }
            }
            try await client.execute(uri: "/v1/segment-events?limit=0", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test("treatment: weights under the policy, the zone rule, and every choice logged with its propensity",
          arguments: [TreatmentConfig.Policy.weighted, .dominantProbe])
    func treatment(policy: TreatmentConfig.Policy) async throws {
        let (workspace, env) = try world(policy: policy)
        defer { withExtendedLifetime(workspace) {} }
        // A customer in the transition zone: the smallest margin in the book.
        let zone = try env.database.read { db in
            try db.value("""
                SELECT customer_id FROM segment_book b
                WHERE as_of = (SELECT MAX(as_of) FROM segment_book f WHERE f.customer_id = b.customer_id) ORDER BY margin LIMIT 1
                """, as: String.self)
        }
        let id = try #require(zone)
        try await app(env).test(.router) { client in
            try await client.execute(uri: "/v1/customers/\(id)/treatment", method: .get) { response in
                let r = json(response)
                #expect(r["policy"]?.stringValue == policy.rawValue && r["in_zone"]?.boolValue == true)
                let weights = r["weights"]?.objectValue?.values.compactMap(\.doubleValue) ?? []
                #expect(weights.count == 3 && abs(weights.reduce(0, +) - 1) < 1e-9)
                #expect((r["propensity"]?.doubleValue ?? 0) > 0)
                if policy == .dominantProbe {
                    #expect(r["probe_day"]?.stringValue != nil && r["shown"]?.stringValue != nil)
                }
            }
            try await client.execute(uri: "/v1/customers/NOPE/treatment", method: .get) { response in
                #expect(response.status == .notFound && json(response)["error"]?.stringValue?.contains("NOPE") == true)
            }
            try await client.execute(uri: "/v1/customers/\(id)/treatment?day=tomorrow", method: .get) { #expect($0.status == .badRequest) }
        }
        let logged = try env.database.read { db in try db.value("SELECT COUNT(*) FROM treatment_log WHERE customer_id = ?", [id], as: Int.self) }
        #expect(logged == 1)
    }

    @Test("the CLI: customer with a sparkline, changes as JSON, moving; unknown customer and segment are clear errors")
    func cli() throws {
        let (workspace, env) = try world()
        let db = ["--db", env.database.location]
        let customer = try CLI.run(["customer", "C000001"] + db, cwd: workspace.path)
        #expect(customer.status == 0 && customer.stdout.contains("since") && customer.stdout.contains("one mark per observation"))
        let changes = try CLI.run(["segments", "changes", "--json"] + db, cwd: workspace.path)
        let list = try JSONDecoder().decode(JSONValue.self, from: Data(changes.stdout.utf8)).arrayValue ?? []
        #expect(!list.isEmpty && list.allSatisfy { e in
            ["customer_id", "as_of", "kind", "from", "to", "model_version"].allSatisfy { e.objectValue?.keys.contains($0) == true }
        })
        #expect(list.contains { $0["kind"]?.stringValue == "changed" })
        #expect(try CLI.run(["segments", "moving", "--json"] + db, cwd: workspace.path).status == 0)
        let unknown = try CLI.run(["customer", "NOPE"] + db, cwd: workspace.path)
        #expect(unknown.status == 1 && unknown.stderr.contains("no customer 'NOPE'"))
        let badSegment = try CLI.run(["segments", "moving", "--toward", "nobody"] + db, cwd: workspace.path)
        #expect(badSegment.status == 1 && badSegment.stderr.contains("'nobody' is not a segment"))
        let badKind = try CLI.run(["segments", "changes", "--kind", "moved"] + db, cwd: workspace.path)
        #expect(badKind.status == 64)
        let badPolicy = try workspace.file("bad.yaml", "segment_tracking:\n  treatment:\n    policy: random\n")
        let config = try CLI.run(["segments", "status", "--config", badPolicy] + db, cwd: workspace.path)
        #expect(config.status == 1 && config.stderr.contains("bad.yaml:3: segment_tracking.treatment.policy"))
        let release = try CLI.run(["segments", "release", "--reason", "nothing held"] + db, cwd: workspace.path)
        #expect(release.status == 1 && release.stderr.contains("no segment change is held"))
    }
}

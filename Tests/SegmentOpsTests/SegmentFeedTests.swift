import Alerting
import Foundation
import Logging
import Release
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments
import Testing
import Training

@Suite("The change feed: storm guard, durable in-order delivery, nothing lost", .serialized)
struct SegmentFeedTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A database with v1 in production and the stable history of `customers` up to day 62, confirmed segments
    /// tracked through day 62, and the feed pointed at `url`.
    private func world(url: String, customers: Int = 2000, batchSize: Int = 500) throws
        -> (TestWorkspace, SegmentDatabase, ObservationBatch) {
        var config = TestWorkspace.defaultConfig()
        config.segments.feed.destinations = [FeedDestination(name: "crm", url: url, secret: Secret(Self.secret))]
        config.segments.feed.batchSize = batchSize
        config.alerting.delivery.backoffBase = 0.05
        config.alerting.delivery.backoffCap = 0.2
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: customers, days: 90, seed: 61)
        try Fixtures.ingest(Fixtures.slice(batch, DayRange(from: Fixtures.start, to: Fixtures.start + 62)), into: database)
        let v1 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 55)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v1.version, expect: .none, actor: "rm", reason: "first"),
            requireApproval: false, at: Date())
        _ = try SegmentTracker(database: database, config: config).update(asOf: Fixtures.start + 62, at: Date())
        return (workspace, database, batch)
    }

    /// Every event the receiver got, in arrival order, decoded from the NDJSON bodies.
    private func received(_ receiver: TestReceiver) -> [(batch: String, id: String, customer: String, sequence: String, line: String)] {
        receiver.requests.filter { $0.status == 200 }.flatMap { r in
            String(decoding: r.body, as: UTF8.self).split(separator: "\n").compactMap { line -> (String, String, String, String, String)? in
                guard let e = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)),
                      let id = e["id"]?.stringValue, let customer = e["subject"]?.stringValue,
                      let sequence = e["sequence"]?.stringValue else { return nil }
                return (r.headers["webhook-id"] ?? "", id, customer, sequence, String(line))
            }
        }
    }

    @Test("a force-promoted model with scrambled segments trips the storm guard; nothing reaches the destination until released")
    func stormGuard() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let (workspace, database, batch) = try world(url: receiver.url)
        let config = workspace.config
        _ = try await FeedDispatcher(database: database, config: config).deliver()
        let before = received(receiver).count
        #expect(before >= 1900)  // first confirmations of the 2,000 customers

        // The scrambled version: trained elsewhere on the same rows with every label rotated, forced into production.
        let elsewhere = try TestWorkspace()
        var rotated = ObservationBatch(featureCount: 12)
        for i in 0..<batch.count where batch.days[i] <= Fixtures.start + 55 {
            let o = batch.observation(i)
            rotated.append(Observation(customerID: o.customerID, asOf: o.asOf, features: o.features, label: o.label.map { ($0 + 1) % 3 }))
        }
        let other = try elsewhere.database()
        try Fixtures.ingest(rotated, into: other)
        let artifact = try Trainer(database: other, config: elsewhere.config).fit(asOf: Fixtures.start + 55).artifact
        let bad = try ModelRegistry(database: database).register(
            try NewModelVersion(artifact: artifact, asOf: Fixtures.start + 55, actor: "mallory", configSnapshot: "x", codeVersion: "t"), at: Date())
        _ = try Promoter(database: database, config: config).promote(.init(version: bad.version, actor: "mallory", reason: "trust me", force: true), at: Date())

        try Fixtures.ingest(Fixtures.slice(batch, DayRange(from: Fixtures.start + 63, to: Fixtures.start + 63)), into: database, name: "d63.csv")
        let night = try SegmentTracker(database: database, config: config).update(asOf: Fixtures.start + 63, at: Date())
        #expect(night.held)
        let hold = try #require(try SegmentHold.current(database))
        #expect(hold.version == bad.version && hold.share > config.segments.stormShare)
        #expect(try EventStore(database: database).recent(limit: 1, type: "segment_storm").first?.version == bad.version)
        let alerts = AlertCenter(database: database, config: config, rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load())
        let changes = try alerts.evaluate(at: Date())
        #expect(changes.contains { $0.rule == "SegmentChangeStorm" && $0.to == "firing" && $0.severity == "critical" })
        // Another night under the same version stays held; nothing is sent.
        try Fixtures.ingest(Fixtures.slice(batch, DayRange(from: Fixtures.start + 64, to: Fixtures.start + 64)), into: database, name: "d64.csv")
        #expect(try SegmentTracker(database: database, config: config).update(asOf: Fixtures.start + 64, at: Date()).held)
        _ = try await FeedDispatcher(database: database, config: config).deliver()
        #expect(received(receiver).count == before)

        // A release manager releases it: the next run applies the held nights, and they go out.
        _ = try SegmentHold.release(database, actor: "rm", reason: "reviewed re-segmentation", at: Date())
        #expect(try ModelRegistry(database: database).history().last?.action == "release_segment_hold")
        let released = try SegmentTracker(database: database, config: config).update(asOf: Fixtures.start + 64, at: Date())
        #expect(!released.held && released.transitionsStarted + released.changed > 100)
        _ = try await FeedDispatcher(database: database, config: config).deliver()
        #expect(received(receiver).count > before + 100)
        #expect(try SegmentHold.current(database) == nil)
        #expect(try alerts.evaluate(at: Date()).contains { $0.rule == "SegmentChangeStorm" && $0.to == "resolved" })
    }

    @Test("destination down, then 500, then back, and the sender killed -9 mid-delivery: every event arrives, in order per customer, duplicates only with the same id")
    func survivesOutagesAndKill() async throws {
        let port = try TestReceiver.freePort()
        let (workspace, database, _) = try world(url: "http://127.0.0.1:\(port)/feed", customers: 1500, batchSize: 25)
        let configPath = try workspace.file("segmentops.yaml", """
            alerting:
              rules_dir: \(TestPaths.root)/Alerts
              runbooks_dir: \(TestPaths.root)/Runbooks
              delivery: {backoff_base: 0.05s, backoff_cap: 0.2s, connect_timeout: 1s, timeout: 5s}
            segment_tracking:
              feed:
                batch_size: 25
                destinations:
                  - {name: crm, url: "http://127.0.0.1:\(port)/feed", secret: \(Self.secret)}
            """)
        let args = ["segments", "deliver", "--db", workspace.databasePath, "--config", configPath]
        let expected = try SegmentStateStore(database: database).events(after: 0, limit: 100_000)
        #expect(expected.count >= 1400)

        // Down: nothing listens.
        let down = try CLI.run(args, cwd: workspace.path)
        #expect(down.status == 6 && down.stdout.contains("0 events"))
        // Up but failing.
        let receiver = try TestReceiver.started(fallback: 500, port: port)
        defer { receiver.stop() }
        usleep(300_000)
        #expect(try CLI.run(args, cwd: workspace.path).status == 6)
        #expect(receiver.requests.allSatisfy { $0.status == 500 })
        // Healthy but slow; the sender is killed part-way, then started again until everything is out.
        receiver.setFallback(200)
        receiver.setDelay(0.02)
        usleep(300_000)
        let sender = try CLI.start(args)
        #expect(eventually(20) { receiver.requests.filter { $0.status == 200 }.count >= 5 })
        kill(sender.processIdentifier, SIGKILL)
        sender.waitUntilExit()
        let partial = received(receiver).count
        #expect(partial < expected.count)
        receiver.setDelay(0)
        #expect(try eventually(60) { try CLI.run(args, cwd: workspace.path).status == 0 })

        let got = received(receiver)
        #expect(Set(got.map(\.id)) == Set(expected.map(\.eventID)), "every event delivered")
        // In order per customer: first arrivals carry increasing sequences.
        var seen = Set<String>(), lastSequence = [String: String]()
        for e in got where seen.insert(e.id).inserted {
            if let previous = lastSequence[e.customer] { #expect(e.sequence > previous, "\(e.customer) out of order") }
            lastSequence[e.customer] = e.sequence
        }
        // Duplicates only as whole batches resent with the same id and the same content.
        var byID = [String: String]()
        for e in got {
            if let line = byID[e.id] { #expect(line == e.line) } else { byID[e.id] = e.line }
        }
        let batches = Dictionary(grouping: receiver.requests.filter { $0.status == 200 }, by: { $0.headers["webhook-id"] ?? "" })
        for (_, copies) in batches where copies.count > 1 { #expect(Set(copies.map(\.body)).count == 1) }
        #expect(receiver.requests.allSatisfy { ($0.headers["webhook-signature"] ?? "").hasPrefix("v1,") })
        #expect(receiver.requests.allSatisfy { $0.headers["content-type"] == "application/x-ndjson" })
    }
}

import Alerting
import Crypto
import Foundation
import GRDB
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing

@Suite("Durable webhook delivery through libcurl, over real HTTP on 127.0.0.1", .serialized)
struct AlertDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    private func center(_ workspace: TestWorkspace, receivers: [ReceiverConfig], random: Double = 1) throws -> (AlertCenter, SegmentOpsConfig) {
        var config = workspace.config
        config.alerting.receivers = receivers
        config.alerting.delivery.backoffBase = 1
        let database = try workspace.database()
        let rules = try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load()
        return (AlertCenter(database: database, config: config, rules: rules, random: { random }), config)
    }

    private func webhook(_ url: String, name: String = "oncall") -> ReceiverConfig {
        ReceiverConfig(name: name, kind: .webhook, url: url, secret: Secret(Self.secret), severities: ["critical", "warning"])
    }

    /// A drift run that makes FeaturePSIHigh fire for utilization_ratio.
    private func recordCriticalDrift(_ database: any StoreBackend, at date: Date) throws {
        let bins = [DriftReport.Bin(lower: nil, upper: 0.8, referenceShare: 0.9, currentShare: 0.2, currentCount: 140, contribution: 1.0),
                    DriftReport.Bin(lower: 0.8, upper: nil, referenceShare: 0.1, currentShare: 0.8, currentCount: 560, contribution: 1.5)]
        let feature = DriftReport.Feature(name: "utilization_ratio", psi: 2.5, band: .critical, dayPSI: 2.5, dayBand: .critical,
                                          thresholds: .standard, bins: bins)
        let mix = DriftReport.SegmentMix(psi: 0.01, band: .ok, reference: ["acquirer": 0.3], current: ["acquirer": 0.3],
                                         currentCounts: ["acquirer": 1])
        let day = Day("2026-03-14")!
        let report = DriftReport(version: 3, asOf: day, window: DayRange(ending: day, length: 7), rows: 700, dayRows: 700,
                                 minRows: 500, status: .ok, features: [feature], segmentMix: mix)
        try MonitorRunStore(database: database).record(kind: "drift", asOf: day, version: nil, status: "ok",
                                                       figures: try JSONValue(encoding: report), at: date)
    }

    /// Writes a segmentops.yaml with one signed webhook receiver named oncall, plus any extra top-level sections.
    private func configFile(_ workspace: TestWorkspace, receiverURL: String, extra: String = "") throws -> String {
        try workspace.file("segmentops.yaml", """
            alerting:
              rules_dir: \(TestPaths.root)/Alerts
              runbooks_dir: \(TestPaths.root)/Runbooks
              receivers:
                - name: oncall
                  url: \(receiverURL)
                  secret: \(Self.secret)
            """ + extra)
    }

    /// Checks a Standard Webhooks signature with an HMAC computed here, independently of the sender's code.
    private func signatureValid(_ r: TestReceiver.Received) -> Bool {
        guard let id = r.headers["webhook-id"], let ts = r.headers["webhook-timestamp"], let sig = r.headers["webhook-signature"],
              let key = Data(base64Encoded: String(Self.secret.dropFirst(6))) else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(ts).".utf8) + r.body, using: SymmetricKey(data: key))
        return sig == "v1," + Data(mac).base64EncodedString()
    }

    @Test("a rule fires from a monitor result and on-call receives a signed, runbook-linked Alertmanager v4 message")
    func firesAndDelivers() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let workspace = try TestWorkspace()
        let (alerts, _) = try center(workspace, receivers: [webhook(receiver.url)])
        try recordCriticalDrift(alerts.database, at: Date())
        let changes = try alerts.evaluate(at: Date())
        #expect(changes.contains { $0.rule == "FeaturePSIHigh" && $0.to == "firing" && $0.labels["feature"] == "utilization_ratio" })
        let pass = try await alerts.deliver()
        #expect(pass.delivered >= 1 && pass.dead == 0)
        let message = try #require(receiver.requests.first { String(decoding: $0.body, as: UTF8.self).contains("FeaturePSIHigh") })
        #expect(signatureValid(message))
        let body = try JSONDecoder().decode(JSONValue.self, from: message.body)
        #expect(body["version"]?.stringValue == "4" && body["status"]?.stringValue == "firing")
        for key in ["groupKey", "receiver", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts"] {
            #expect(body[key] != nil, "missing \(key)")
        }
        let alert = try #require(body["alerts"]?.arrayValue?.first)
        for key in ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"] {
            #expect(alert[key] != nil, "missing alerts[].\(key)")
        }
        #expect(alert["annotations"]?["runbook_url"]?.stringValue?.hasSuffix("/v1/runbooks/FeaturePSIHigh") == true)
        // The console page with the evidence, on the configured external address.
        #expect(alert["annotations"]?["console_url"]?.stringValue == "http://127.0.0.1:8080/ui/alerts/FeaturePSIHigh")
        #expect(alert["annotations"]?["psi"]?.stringValue == "2.5000")
        #expect(alert["labels"]?["severity"]?.stringValue == "critical")
        #expect(message.headers["idempotency-key"] == message.headers["webhook-id"])
    }

    @Test("receiver down, then up: every event is delivered; duplicates only with the same webhook-id")
    func outageThenRecovery() async throws {
        let port = try TestReceiver.freePort()
        let workspace = try TestWorkspace()
        let (alerts, _) = try center(workspace, receivers: [webhook("http://127.0.0.1:\(port)/hook")], random: 0)
        for i in 0..<5 { _ = try alerts.sendTest(receiver: "oncall", at: Date().addingTimeInterval(Double(i))) }
        var pass = try await alerts.deliver()
        #expect(pass.delivered == 0 && pass.dead == 0)
        let pending = try OutboxStore(database: alerts.database).list().filter { $0.state == "pending" }
        #expect(pending.count == 5)
        #expect(pending.contains { ($0.lastError ?? "").contains("curl") })
        // The receiver comes back; its first answer is a 500 after it has taken the message (a duplicate follows).
        let receiver = try TestReceiver.started(script: [(500, [:])], port: port)
        defer { receiver.stop() }
        for _ in 0..<6 {
            pass = try await alerts.deliver(now: { Date().addingTimeInterval(3600) })
        }
        let items = try OutboxStore(database: alerts.database).list()
        #expect(items.allSatisfy { $0.state == "delivered" }, "\(items.map(\.state))")
        let ids = receiver.requests.compactMap { $0.headers["webhook-id"] }
        #expect(Set(ids).count == 5)
        #expect(ids.count == 6)  // one duplicate, carrying the same id as its first attempt
        #expect(receiver.requests.allSatisfy(signatureValid))
    }

    @Test("500 backs off with full jitter and retries; 429 honours Retry-After")
    func backoffAndRetryAfter() async throws {
        let receiver = try TestReceiver.started(script: [(500, [:]), (429, ["Retry-After": "7"])])
        defer { receiver.stop() }
        let workspace = try TestWorkspace()
        let (alerts, _) = try center(workspace, receivers: [webhook(receiver.url)], random: 1)
        _ = try alerts.sendTest(receiver: "oncall", at: Date())
        let store = OutboxStore(database: alerts.database)
        let t1 = Date()
        _ = try await alerts.deliver(now: { t1 })
        var item = try #require(try store.list().first)
        #expect(item.state == "pending" && item.attempts == 1 && item.lastStatus == 500)
        #expect(abs(Timestamp.parse(item.nextAttemptAt)!.timeIntervalSince(t1) - 1) < 0.01)  // base 1 s × 2^0 × jitter 1
        let t2 = t1.addingTimeInterval(1)
        _ = try await alerts.deliver(now: { t2 })
        item = try #require(try store.list().first)
        #expect(item.attempts == 2 && item.lastStatus == 429)
        #expect(abs(Timestamp.parse(item.nextAttemptAt)!.timeIntervalSince(t2) - 7) < 0.01)
        let early = try await alerts.deliver(now: { t2.addingTimeInterval(6) })
        #expect(early.attempted == 0)
        let done = try await alerts.deliver(now: { t2.addingTimeInterval(7) })
        #expect(done.delivered == 1)
        #expect(RetryPolicy(base: 2, cap: 300, giveUpAfter: 86400).backoff(attempts: 20, random: 1) == 300)
    }

    @Test("400 dead-letters at once and raises AlertDeliveryFailing to a different receiver")
    func permanentFailure() async throws {
        let broken = try TestReceiver.started(fallback: 400)
        let other = try TestReceiver.started()
        defer { broken.stop(); other.stop() }
        let workspace = try TestWorkspace()
        let (alerts, _) = try center(workspace, receivers: [webhook(broken.url, name: "broken"), webhook(other.url, name: "backup")])
        _ = try alerts.sendTest(receiver: "broken", at: Date())
        _ = try await alerts.deliver()
        let dead = try OutboxStore(database: alerts.database).list(failed: true)
        #expect(dead.count == 1 && dead[0].receiver == "broken" && dead[0].lastStatus == 400)
        let firing = try AlertStateStore(database: alerts.database).firing()
        #expect(firing.contains { $0.rule == "AlertDeliveryFailing" && $0.labels["failing_receiver"] == "broken" })
        _ = try await alerts.deliver()
        let aboutBroken = other.requests.filter { String(decoding: $0.body, as: UTF8.self).contains("AlertDeliveryFailing") }
        #expect(aboutBroken.count == 1)
        #expect(!broken.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("AlertDeliveryFailing") })
    }

    @Test("committed but not sent when the process dies: a new process delivers it")
    func deliveredAfterRestart() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let workspace = try TestWorkspace()
        let (alerts, _) = try center(workspace, receivers: [webhook(receiver.url)])
        try recordCriticalDrift(alerts.database, at: Date())
        try alerts.evaluate(at: Date())  // state change and outbox row committed; this process never sends
        #expect(receiver.requests.isEmpty)
        let config = try configFile(workspace, receiverURL: receiver.url)
        let result = try CLI.run(["alerts", "deliver", "--db", workspace.databasePath, "--config", config], cwd: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(receiver.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("FeaturePSIHigh") })
        #expect(!result.stdout.contains("MfKQ") && !result.stderr.contains("MfKQ"))
    }

    @Test("Alertmanager receivers get firing alerts re-pushed; delivered re-pushes are pruned after a day")
    func alertmanagerRefresh() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let workspace = try TestWorkspace()
        let am = ReceiverConfig(name: "am", kind: .alertmanager, url: "http://127.0.0.1:\(receiver.port)",
                                severities: ["critical", "warning"])
        let (alerts, _) = try center(workspace, receivers: [am])
        let t0 = Date()
        try recordCriticalDrift(alerts.database, at: t0)
        try alerts.evaluate(at: t0)
        try alerts.engine.refreshAlertmanager(at: t0.addingTimeInterval(60))
        _ = try await alerts.deliver(now: { t0.addingTimeInterval(61) })
        let pushes = receiver.requests.filter { $0.headers["content-type"] == "application/json" }
        #expect(pushes.count == 2)
        let body = try JSONDecoder().decode(JSONValue.self, from: pushes[1].body)
        #expect(body.arrayValue?.first?["labels"]?["alertname"]?.stringValue == "FeaturePSIHigh")
        let store = OutboxStore(database: alerts.database)
        #expect(try store.list().count == 2)
        try alerts.engine.refreshAlertmanager(at: t0.addingTimeInterval(2 * 86400))
        let left = try store.list()
        #expect(left.count == 2)  // the original notification stays; the day-old delivered re-push is gone; a new one is queued
        #expect(left.contains { $0.state == "pending" })
    }

    @Test("alerts test sends a synthetic notification end to end; secrets stay out of every output")
    func alertsTestCommand() async throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let workspace = try TestWorkspace()
        _ = try workspace.database()
        let config = try configFile(workspace, receiverURL: receiver.url, extra: """

            api:
              tokens:
                - {name: ci, token: s3cr3t-t0ken-value-0001, role: release-manager}
            database:
              url: postgres://ops:pgs3cr3tpass@db.invalid:5432/segmentops
            """)
        let sent = try CLI.run(["alerts", "test", "oncall", "--db", workspace.databasePath, "--config", config], cwd: workspace.path)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("delivered to oncall: HTTP 200"))
        let request = try #require(receiver.requests.first)
        #expect(signatureValid(request))
        #expect(String(decoding: request.body, as: UTF8.self).contains("SegmentOpsTest"))
        let unknown = try CLI.run(["alerts", "test", "pager", "--db", workspace.databasePath, "--config", config], cwd: workspace.path)
        #expect(unknown.status == 1 && unknown.stderr.contains("configured: oncall"))
        // Train a version with this configuration: its stored snapshot has the secrets redacted.
        let (batch, _) = Fixtures.simulate(.stable, customers: 1200, days: 70)
        try Fixtures.ingest(batch, into: try workspace.database())
        #expect(try CLI.run(["train", "--db", workspace.databasePath, "--config", config], cwd: workspace.path).status == 0)
        let show = try CLI.run(["registry", "show", "1", "--json", "--db", workspace.databasePath, "--config", config], cwd: workspace.path)
        #expect(show.stdout.contains("‹redacted›"))
        for output in [sent.stdout, sent.stderr, show.stdout, show.stderr] {
            #expect(!output.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") && !output.contains("s3cr3t-t0ken"))
            #expect(!output.contains("pgs3cr3tpass"))
        }
        #expect(show.stdout.contains("postgres://ops:‹redacted›@db.invalid"))
        let history = try CLI.run(["registry", "history", "--json", "--db", workspace.databasePath], cwd: workspace.path)
        #expect(!history.stdout.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") && !history.stdout.contains("s3cr3t-t0ken"))
    }

    @Test("Slack and PagerDuty bodies carry the runbook and the figures")
    func otherFormats() throws {
        let n = AlertNotification(id: "msg_1", rule: "AccuracyDecay", status: "firing", kind: "firing", severity: "warning",
                                  fingerprint: "abc", labels: ["alertname": "AccuracyDecay", "severity": "warning"],
                                  annotations: ["summary": "v3 accuracy decayed", "runbook_url": "http://x/v1/runbooks/AccuracyDecay", "decay": "0.07"],
                                  startsAt: "2026-03-01T00:00:00.000Z", endsAt: "", generatorURL: "http://x/v1/alerts")
        let slack = try ReceiverFormat.request(for: n, receiver: ReceiverConfig(name: "s", kind: .slack, url: "http://x"), at: Date())
        let s = try JSONDecoder().decode(JSONValue.self, from: slack.body)
        #expect(s["text"]?.stringValue?.contains("http://x/v1/runbooks/AccuracyDecay") == true)
        #expect((s["blocks"]?.arrayValue?.count ?? 0) >= 2)
        let pd = try ReceiverFormat.request(for: n, receiver: ReceiverConfig(name: "p", kind: .pagerduty, url: "http://x", routingKey: Secret("R0UT1NG")), at: Date())
        let p = try JSONDecoder().decode(JSONValue.self, from: pd.body)
        #expect(p["event_action"]?.stringValue == "trigger" && p["dedup_key"]?.stringValue == "abc")
        #expect(p["payload"]?["severity"]?.stringValue == "warning" && p["payload"]?["source"]?.stringValue == "segmentops")
        #expect(p["payload"]?["custom_details"]?["decay"]?.stringValue == "0.07")
        #expect(p["links"]?.arrayValue?.first?["href"]?.stringValue == "http://x/v1/runbooks/AccuracyDecay")
        let resolved = AlertNotification(id: "msg_2", rule: "AccuracyDecay", status: "resolved", kind: "resolved", severity: "warning",
                                         fingerprint: "abc", labels: [:], annotations: [:], startsAt: "", endsAt: "2026-03-02T00:00:00.000Z",
                                         generatorURL: "")
        let r = try JSONDecoder().decode(JSONValue.self, from: try ReceiverFormat.request(
            for: resolved, receiver: ReceiverConfig(name: "p", kind: .pagerduty, url: "http://x", routingKey: Secret("k")), at: Date()).body)
        #expect(r["event_action"]?.stringValue == "resolve" && r["payload"] == nil)
    }
}

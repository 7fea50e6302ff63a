import Alerting
import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing

/// Pushes into a real Prometheus Alertmanager on loopback when its binary is installed (`.ci/run` installs it).
@Suite("Real Alertmanager")
struct AlertmanagerTests {
    static let binary = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private func drift(_ band: PSIBand, psi: Double) -> JSONValue {
        let feature = DriftReport.Feature(name: "utilization_ratio", psi: psi, band: band, dayPSI: psi, dayBand: band,
                                          thresholds: .standard, bins: [])
        let mix = DriftReport.SegmentMix(psi: 0, band: .ok, reference: [:], current: [:], currentCounts: [:])
        let day = Day("2026-03-14")!
        return (try? JSONValue(encoding: DriftReport(version: 1, asOf: day, window: DayRange(ending: day, length: 7), rows: 700,
                                                     dayRows: 700, minRows: 500, status: .ok, features: [feature], segmentMix: mix))) ?? .null
    }

    private func activeAlerts(_ port: Int) async throws -> [JSONValue] {
        var request = HTTPRequest(url: "http://127.0.0.1:\(port)/api/v2/alerts", headers: [], body: Data())
        request.method = "GET"
        let result = await CurlTransport().send(request, connectTimeout: 2, timeout: 5)
        return (try? JSONDecoder().decode(JSONValue.self, from: result.body))?.arrayValue ?? []
    }

    @Test("a firing alert and its resolve reach a real Alertmanager", .enabled(if: binary != nil))
    func pushFiringAndResolved() async throws {
        let workspace = try TestWorkspace()
        let port = try TestReceiver.freePort()
        let amConfig = try workspace.file("alertmanager.yml", "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["--config.file=\(amConfig)", "--storage.path=\(workspace.path)/am-data",
                             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address="]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        #expect(eventually(20) { (try? TestReceiver.isListening(port)) == true })

        var config = workspace.config
        config.alerting.receivers = [ReceiverConfig(name: "am", kind: .alertmanager, url: "http://127.0.0.1:\(port)",
                                                    severities: ["critical", "warning"])]
        let database = try workspace.database()
        let alerts = AlertCenter(database: database, config: config, rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load())
        try MonitorRunStore(database: database).record(kind: "drift", asOf: Day("2026-03-14")!, version: nil, status: "ok",
                                                       figures: drift(.critical, psi: 3), at: Date())
        try alerts.evaluate(at: Date())
        #expect(try await alerts.deliver().delivered >= 1)
        var found = false
        for _ in 0..<50 where !found {
            found = try await activeAlerts(port).contains { $0["labels"]?["alertname"]?.stringValue == "FeaturePSIHigh" }
            if !found { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(found, "FeaturePSIHigh not visible in Alertmanager")
        let firing = try await activeAlerts(port).first { $0["labels"]?["alertname"]?.stringValue == "FeaturePSIHigh" }
        #expect(firing?["annotations"]?["runbook_url"]?.stringValue?.contains("FeaturePSIHigh") == true)
        #expect(firing?["labels"]?["feature"]?.stringValue == "utilization_ratio")

        try MonitorRunStore(database: database).record(kind: "drift", asOf: Day("2026-03-15")!, version: nil, status: "ok",
                                                       figures: drift(.ok, psi: 0.01), at: Date())
        let changes = try alerts.evaluate(at: Date())
        #expect(changes.contains { $0.rule == "FeaturePSIHigh" && $0.to == "resolved" })
        #expect(try await alerts.deliver().delivered >= 1)
        var gone = false
        for _ in 0..<50 where !gone {
            gone = try await !activeAlerts(port).contains { $0["labels"]?["alertname"]?.stringValue == "FeaturePSIHigh" && $0["status"]?["state"]?.stringValue == "active" }
            if !gone { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(gone, "the resolve did not end the alert in Alertmanager")
    }
}

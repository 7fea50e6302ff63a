import Alerting
import Monitoring
import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing

/// Conformance, continued: ingest, the outbox across restarts and a training killed half-way, on both engines.
@Suite("Store conformance: ingest, outbox, interrupted training")
struct StoreConformanceOperationsTests {
    @Test("ingest: the same file gives the same counts; a bad file stores nothing; labels and relabels", arguments: StoreKind.available)
    func ingest(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let observations = ObservationStore(database: store.backend)
        let (batch, _) = Fixtures.simulate(.stable, customers: 300, days: 20, seed: 3, labelDelay: 0...6)
        let unlabelled = edited(batch) { i, o in i % 3 == 0 ? with(o, label: .some(nil)) : o }
        let first = try observations.ingest(unlabelled, file: "a.csv", fileSHA256: "a", actor: "t", relabel: false)
        #expect(first.inserted == batch.count && first.labelUpdates == 0)
        // The same rows with every label: the missing ones are filled in, nothing else moves.
        let second = try observations.ingest(batch, file: "b.csv", fileSHA256: "b", actor: "t", relabel: false)
        #expect(second.inserted == 0 && second.labelUpdates == (0..<batch.count).filter { $0 % 3 == 0 && batch.labels[$0] >= 0 }.count)
        #expect(try observations.ingest(batch, file: "c.csv", fileSHA256: "c", actor: "t", relabel: false).changedAnything == false)
        let stored = try observations.load(DayRange(from: Fixtures.start, to: Fixtures.start + 19))
        #expect(stored.count == batch.count)
        // A changed feature for a stored key rejects the whole file, whatever else it holds.
        let bad = edited(batch) { i, o in i == 5 ? with(o, features: [o.features[0] + 1] + o.features.dropFirst()) : o }
        let before = try store.backend.read { db in try db.value("SELECT COUNT(*) FROM ingest_batch", as: Int.self) }
        #expect(throws: IngestRejected.self) {
            try observations.ingest(bad, file: "bad.csv", fileSHA256: "x", actor: "t", relabel: false)
        }
        #expect(try store.backend.read { db in try db.value("SELECT COUNT(*) FROM ingest_batch", as: Int.self) } == before)
        // A changed label needs --relabel.
        let i = (0..<batch.count).first { batch.labels[$0] >= 0 }!
        let relabel = edited(batch) { j, o in j == i ? with(o, label: (o.label! + 1) % 3) : o }
        #expect(throws: IngestRejected.self) {
            try observations.ingest(relabel, file: "r.csv", fileSHA256: "r", actor: "t", relabel: false)
        }
        #expect(try observations.ingest(relabel, file: "r.csv", fileSHA256: "r", actor: "t", relabel: true).relabelled == 1)
        // A key twice in one file with different features: named, nothing stored.
        var twice = ObservationBatch(featureCount: 12)
        let o = batch.observation(0)
        twice.append(Observation(customerID: o.customerID, asOf: Fixtures.start + 40, features: o.features, label: o.label))
        twice.append(Observation(customerID: o.customerID, asOf: Fixtures.start + 40, features: [o.features[0] + 1] + o.features.dropFirst(),
                                 label: o.label))
        let rejected = #expect(throws: IngestRejected.self) {
            try observations.ingest(twice, file: "t.csv", fileSHA256: "t", actor: "t", relabel: false)
        }
        #expect(rejected?.description.contains("earlier row of this file") == true)
        #expect(try RegistryVerifier(database: store.backend).verify().ok)
    }

    private func edited(_ batch: ObservationBatch, _ change: (Int, Observation) -> Observation) -> ObservationBatch {
        var out = ObservationBatch(featureCount: batch.featureCount)
        for i in 0..<batch.count { out.append(change(i, batch.observation(i))) }
        return out
    }

    private func with(_ o: Observation, features: [Double]? = nil, label: Int32?? = .none) -> Observation {
        Observation(customerID: o.customerID, asOf: o.asOf, features: features ?? o.features,
                    label: label ?? o.label, labelledOn: label == .some(nil) ? nil : o.labelledOn)
    }

    @Test("outbox: committed with the alert, delivered by a new process after a restart, by its id", arguments: StoreKind.available)
    func outboxAcrossRestarts(kind: StoreKind) throws {
        let receiver = try TestReceiver.started()
        defer { receiver.stop() }
        let store = try TestStore(kind)
        var config = store.workspace.config
        config.alerting.receivers = [ReceiverConfig(name: "oncall", kind: .webhook, url: receiver.url, severities: ["critical", "warning"])]
        let rules = try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load()
        let alerts = AlertCenter(database: store.backend, config: config, rules: rules)
        let day = Day("2026-03-14")!
        let feature = DriftReport.Feature(
            name: "utilization_ratio", psi: 2.5, band: .critical, dayPSI: 2.5, dayBand: .critical, thresholds: .standard,
            bins: [DriftReport.Bin(lower: nil, upper: 0.8, referenceShare: 0.9, currentShare: 0.2, currentCount: 140, contribution: 1.0)])
        let mix = DriftReport.SegmentMix(psi: 0.01, band: .ok, reference: ["acquirer": 0.3], current: ["acquirer": 0.3],
                                         currentCounts: ["acquirer": 1])
        let report = DriftReport(version: 3, asOf: day, window: DayRange(ending: day, length: 7), rows: 700, dayRows: 700,
                                 minRows: 500, status: .ok, features: [feature], segmentMix: mix)
        try MonitorRunStore(database: store.backend).record(kind: "drift", asOf: day, version: nil, status: "ok",
                                                           figures: try JSONValue(encoding: report), at: Date())
        try alerts.evaluate(at: Date())  // the alert's state change and its outbox row commit together; nothing is sent
        #expect(receiver.requests.isEmpty)
        // A restart: the same store opened again sees what is owed.
        let outbox = OutboxStore(database: try store.reopen())
        let owed = try outbox.due(at: Date().addingTimeInterval(1))
        #expect(owed.count >= 1 && owed.contains { $0.rule == "FeaturePSIHigh" })
        let file = try store.workspace.file("segmentops.yaml", """
            alerting:
              rules_dir: \(TestPaths.root)/Alerts
              runbooks_dir: \(TestPaths.root)/Runbooks
              receivers:
                - name: oncall
                  url: \(receiver.url)
            """)
        let result = try CLI.run(["alerts", "deliver", "--db", store.location, "--config", file], cwd: store.workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try outbox.depth().pending == 0)
        #expect(try outbox.list().allSatisfy { $0.state == "delivered" })
        let keys = Set(receiver.requests.compactMap { $0.headers["idempotency-key"] })
        #expect(keys == Set(owed.map(\.notificationID)), "\(keys)")
        #expect(try outbox.lostCount() == 0)
    }

    @Test("training killed at a random moment leaves nothing half-registered", arguments: StoreKind.available)
    func killedTraining(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let (batch, _) = Fixtures.simulate(.stable, customers: 6000, days: 75, seed: 5)
        _ = try ObservationStore(database: store.backend).ingest(batch, file: "f.csv", fileSHA256: "f", actor: "t", relabel: false)
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<3 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TestPaths.executable)
            p.arguments = ["train", "--as-of", (Fixtures.start + 70 + attempt).description, "--db", store.location]
            p.currentDirectoryURL = URL(fileURLWithPath: store.workspace.path)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 100_000...1_500_000, using: &generator))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        let registry = ModelRegistry(database: try store.reopen())
        let report = try RegistryVerifier(database: store.backend).verify()
        #expect(report.ok, "\(report.problems)")
        // Every version there is complete: its artifact reads back and its register entry is in the chain.
        for v in try registry.list() {
            #expect(throws: Never.self) { try registry.artifact(v.version) }
        }
        #expect(try registry.history().filter { $0.action == "register" }.count == (try registry.list().count))
    }
}

import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments
import Simulation
import Supervisor
import Training

extension BenchCommand {
    /// Confirmed segments for `customers` customers, each with a new observation: a first week (provisional), a
    /// second (every customer confirmed: one event each), a third (the steady state); then the feed of the second
    /// week's events to a signature-checking receiver on loopback.
    func segments(customers: Int, model trainedOn: any StoreBackend, end: Day, _ figures: inout BenchFigures) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-segments-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var quiet = Logger(label: "segmentops.bench")
        quiet.logLevel = .error
        let receiver = DemoReceiver(secret: Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), logger: quiet)
        let url = try await receiver.start()
        var config = SegmentOpsConfig()
        config.segments.feed.destinations = [FeedDestination(name: "bench", url: url, secret: receiver.secret)]
        let database = try SegmentDatabase.open(path: dir + "/segments.db", schema: schema, create: true)
        let artifact = try Trainer(database: trainedOn, config: config).fit(asOf: end).artifact
        let registry = ModelRegistry(database: database)
        let version = try registry.register(try NewModelVersion(artifact: artifact, asOf: end, actor: "bench", configSnapshot: "bench",
                                                                codeVersion: "bench"), at: Date())
        try registry.changeProduction(ProductionChange(kind: .promote, target: version.version, expect: .none, actor: "bench",
                                                       reason: "bench"), requireApproval: false, at: Date())
        let spec = SimulationSpec(scenario: .stable, customers: customers, days: 21, seed: 13, start: end + 1)
        var weeks = [ObservationBatch](repeating: ObservationBatch(featureCount: schema.features.count), count: 3)
        for w in weeks.indices { weeks[w].reserve(customers) }
        Simulator(spec: spec).generate { weeks[min(2, ($0.asOf - spec.start) / 7)].append($0) }
        let tracker = SegmentTracker(database: database, config: config)
        var seconds = [Double](), outcomes = [SegmentTracker.Outcome]()
        for (w, batch) in weeks.enumerated() {
            _ = try ObservationStore(database: database).ingest(batch, file: "week\(w).csv", fileSHA256: "w\(w)", actor: "bench", relabel: false)
            let (outcome, s) = try BenchFigures.timed { try tracker.update(asOf: spec.start + (7 * w + 6), at: Date()) }
            seconds.append(s)
            outcomes.append(outcome)
        }
        figures.record("confirmed segments, \(customers / 1000)k customers", seconds[2], "s",
                       "steady state: \(outcomes[2].observations) new observations, \(outcomes[2].events) events; the week every customer was first confirmed (\(outcomes[1].events) events) took \(String(format: "%.2f", seconds[1])) s")
        var dispatcher = FeedDispatcher(database: database, config: config)
        dispatcher.maxBatchesPerPass = 200
        let (pass, feedSeconds) = try await BenchFigures.timed { try await dispatcher.deliver() }
        figures.record("feed delivery to loopback", Double(pass.events) / feedSeconds, "events/s",
                       "\(pass.events) CloudEvents in \(pass.batches) signed NDJSON batches of \(config.segments.feed.batchSize), libcurl → 127.0.0.1")
        await receiver.stop()
    }
}

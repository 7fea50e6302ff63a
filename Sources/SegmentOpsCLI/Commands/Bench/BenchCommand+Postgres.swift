import Foundation
import Logging
import PostgresStore
import SegmentConfig
import SegmentModel
import SegmentStore
import Training

/// `bench --postgres URL`: ingest into PostgreSQL, how fast a production change reaches other replicas, and
/// supervisors taking over from a killed leader — in a scratch database created on that server and dropped after.
extension BenchCommand {
    func postgres(url: String) async throws {
        var figures = BenchFigures(json: global.json)
        let context = try CommandContext(global)
        let logger = Logger(label: "segmentops.bench")
        let server = try PostgresLocation(url: url)
        let name = "segmentops_bench_\(getpid())"
        let admin = try PostgresSession.connect(to: server, logger: logger)
        try admin.run("CREATE DATABASE \(name)")
        defer {
            _ = try? admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            admin.close()
        }
        let databaseURL = server.with(database: name).url
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-pg-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let backend = try PostgresBackend.open(url: databaseURL, schema: schema, create: true)
        defer { backend.close() }
        progress("ingest into PostgreSQL")
        let spec = try ingest(into: backend, &figures)
        progress("two versions for the replicas to switch between")
        for day in [spec.end - 7, spec.end] {
            _ = try Trainer(database: backend, config: context.config)
                .train(asOf: day, actor: "bench", configSnapshot: "bench", at: Date())
        }
        try await switchLatency(databaseURL: databaseURL, backend: backend, folder: folder, config: context.config, &figures)
        try backend.write { db in try db.run("TRUNCATE observation, ingest_batch CASCADE") }
        try await failover(databaseURL: databaseURL, backend: backend, folder: folder, config: context.config, &figures)
        try figures.emit()
    }

    /// Replicas (`serve` processes) answer `/v1/score` with the new version after each production change this
    /// process commits; the time from the commit to each replica's first answer with it.
    private func switchLatency(databaseURL: String, backend: PostgresBackend, folder: String, config: SegmentOpsConfig,
                               _ figures: inout BenchFigures) async throws {
        let replicas = 2, changes = quick ? 30 : 100
        let fleet = try SupervisorFleet(arguments: ["serve"], database: databaseURL, folder: folder,
                                        ports: SupervisorFleet.freePorts(replicas))
        defer { fleet.stop() }
        try await fleet.waitUntilServing()
        let registry = ModelRegistry(database: backend)
        var latencies: [Double] = [], late = 0
        for i in 0..<changes {
            progress("production changes seen by \(replicas) replicas: \(i)/\(changes)")
            let target = i % 2 == 0 ? 1 : 2
            try registry.changeProduction(ProductionChange(kind: .promote, target: target, expect: .anything, actor: "bench",
                                                           reason: "switch \(i)", force: true),
                                          requireApproval: false, at: Date())
            let committed = ContinuousClock.now
            let ports = fleet.members.map(\.port)
            let seen = try await withThrowingTaskGroup(of: ContinuousClock.Instant?.self) { group in
                for port in ports {
                    group.addTask { try await fleet.servedVersion(port, is: target, within: .seconds(5)) }
                }
                return try await group.reduce(into: [ContinuousClock.Instant?]()) { $0.append($1) }
            }
            for instant in seen {
                if let instant { latencies.append(seconds(instant - committed)) } else { late += 1 }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...80)))
        }
        endProgress()
        latencies.sort()
        figures.record("rollback seen by every replica, p99", quantile(latencies, 0.99) * 1000, "ms",
                       "\(changes) production changes × \(replicas) replicas (LISTEN/NOTIFY): p50 \(ms(quantile(latencies, 0.5))), max \(ms(latencies.last ?? 0)), \(late) not within 5 s (target p99 ≤ 50 ms)")
    }

    func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }

    func progress(_ text: String) { Output(json: global.json).progress(text) }

    func endProgress() { Output(json: global.json).endProgress() }
}

extension SupervisorFleet {
    /// Polls `/v1/score` on `port` until it answers with `version`; the moment it did, nil after `within`.
    func servedVersion(_ port: Int, is version: Int, within: Duration) async throws -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + within
        let body = #"{"customer_id":"C1","credit_access_sessions":5,"applications_submitted":1,"monitoring_sessions":1,"score_simulator_runs":0,"builder_product_payments":0,"open_credit_lines":1,"utilization_ratio":0.3,"on_time_payment_rate":0.9,"credit_score":640,"balance_transfer_views":0,"email_engagement_rate":0.3,"tenure_days":100}"#
        while ContinuousClock.now < deadline {
            let answer = await post(port: port, path: "/v1/score", body: Data(body.utf8))
            if let answer, (try? JSONValue(parsing: answer))?["model_version"]?.intValue == version { return .now }
            try await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}

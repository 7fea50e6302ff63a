import API
import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Segments
import Simulation
import Supervisor
import Training

extension BenchCommand {
    /// Server time of every console page on a registry of 365 versions, each promoted with its gate report, a year
    /// of daily monitor runs, and `customers` customers observed weekly for ten weeks (a million observations at
    /// 100k) with their confirmed segments and segment book. Each page is built and rendered five times; the median
    /// is reported.
    func console(customers: Int, model trainedOn: any StoreBackend, end: Day, _ figures: inout BenchFigures) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-console-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = SegmentOpsConfig()
        let database = try SegmentDatabase.open(path: dir + "/console.db", schema: schema, create: true)
        let artifact = try Trainer(database: trainedOn, config: config).fit(asOf: end).artifact
        let registry = ModelRegistry(database: database)
        let first = Date(timeIntervalSince1970: 1_735_700_400)  // 2025-01-01T03:00Z
        let metrics = try JSONValue(encoding: artifact.metrics)
        let gates: [JSONValue] = ["artifact_hash", "evidence", "accuracy_non_inferiority", "recall_floor", "harm_rate_max",
                                  "harm_rate_vs_production", "log_loss", "segment_mix_psi", "data_quality", "fairness"].map {
            ["gate": .string($0), "status": "pass", "value": "Δ +0.0000 [−0.0032, +0.0032]", "threshold": "95% interval above −0.0100",
             "detail": "paired on 1047 rows: only the candidate right on 1, only production on 1 (McNemar p=0.7500)"]
        }
        let versions = 365
        for i in 0..<versions {
            let day = first.addingTimeInterval(Double(i) * 86400)
            let v = try registry.register(try NewModelVersion(artifact: artifact, asOf: end, actor: "bench", configSnapshot: "bench",
                                                              codeVersion: "bench"), at: day)
            try registry.changeProduction(ProductionChange(
                kind: .promote, target: v.version, expect: i == 0 ? .none : .version(v.version - 1), actor: "segmentops",
                reason: "automatic promotion: every gate passed",
                evidence: ["verdict": "pass", "gates": .array(gates), "candidate_metrics": metrics, "production_metrics": metrics]),
                requireApproval: false, at: day.addingTimeInterval(60))
        }
        // Ten weeks of weekly observations, confirmed segments and the segment book.
        let spec = SimulationSpec(scenario: .stable, customers: customers, days: 70, seed: 23, start: end + 1)
        var weeks = [ObservationBatch](repeating: ObservationBatch(featureCount: schema.features.count), count: 10)
        Simulator(spec: spec).generate { weeks[min(9, ($0.asOf - spec.start) / 7)].append($0) }
        let tracker = SegmentTracker(database: database, config: config)
        for (w, batch) in weeks.enumerated() {
            _ = try ObservationStore(database: database).ingest(batch, file: "week\(w).csv", fileSHA256: "w\(w)", actor: "bench", relabel: false)
            _ = try BookKeeper(database: database).update(asOf: spec.start + (7 * w + 6), at: Date())
            _ = try tracker.update(asOf: spec.start + (7 * w + 6), at: Date())
        }
        // A year of daily monitor runs: the figures of the last day, dated day by day.
        let monitors = Monitors(database: database, config: config)
        let runs = MonitorRunStore(database: database)
        let reports: [(String, JSONValue)] = [
            ("drift", try JSONValue(encoding: monitors.drift(asOf: spec.end, version: nil))),
            ("evaluation", try JSONValue(encoding: monitors.evaluate(asOf: spec.end, version: nil))),
            ("estimate", try JSONValue(encoding: monitors.estimate(asOf: spec.end, version: nil))),
            ("segments", ["confirmed": .int(customers), "weekly_churn": 0.01, "churn_limit": 0.05, "changes_7d": 120]),
        ]
        for d in 0..<365 {
            let day = spec.end - (364 - d)
            for (kind, figures) in reports {
                guard case .object(var o) = figures else { continue }
                o["as_of"] = .string(day.description)
                try runs.record(kind: kind, asOf: day, version: versions, status: "ok", figures: .object(o), at: Date())
            }
        }
        let observations = try ObservationStore(database: database).counts(DayRange(from: spec.start, to: spec.end)).rows
        let env = APIEnvironment(database: database, config: config, rulesLoaded: nil)
        let pages = ["/ui", "/ui/registry", "/ui/registry?at=2025-07-01T12:00:00Z", "/ui/versions/180", "/ui/diff?a=179&b=180",
                     "/ui/drift", "/ui/drift?day=\(spec.end - 100)&feature=credit_score", "/ui/performance", "/ui/alerts",
                     "/ui/audit", "/ui/audit?page=5&action=promote", "/ui/customers", "/ui/customers/C000001", "/ui/segments"]
        var slowest = (page: "", seconds: 0.0)
        var detail = [String]()
        for page in pages {
            var times = [Double]()
            for _ in 0..<5 { times.append(try BenchFigures.timed { try ConsoleTiming.render(env, uri: page) }.1) }
            let median = times.sorted()[2]
            detail.append("\(page) \(String(format: "%.1f", median * 1000))")
            if median > slowest.seconds { slowest = (page, median) }
        }
        figures.record("console page, slowest of \(pages.count)", slowest.seconds * 1000, "ms",
                       "\(versions) versions, \(observations) observations, \(customers / 1000)k customers; median of 5 per page (ms): "
                       + detail.joined(separator: ", "))
    }
}

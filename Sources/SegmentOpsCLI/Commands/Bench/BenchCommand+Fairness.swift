import Fairness
import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Training

extension BenchCommand {
    /// The fair-lending audit of a version over `customers` customers with protected attributes (a self-reported
    /// group and a probability-valued estimate, the proxy simulation): attribute ingest, then the report — load the
    /// population and attributes, score, every cell with Holm, error parity and the cross-validated proxy scan.
    func fairness(customers: Int, model trainedOn: any StoreBackend, end: Day, _ figures: inout BenchFigures) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-fairness-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = SegmentOpsConfig()
        let database = try SegmentDatabase.open(path: dir + "/fairness.db", schema: schema, create: true)
        let artifact = try Trainer(database: trainedOn, config: config).fit(asOf: end).artifact
        let version = try ModelRegistry(database: database).register(
            try NewModelVersion(artifact: artifact, asOf: end, actor: "bench", configSnapshot: "bench", codeVersion: "bench"),
            at: Date()).version
        var spec = SimulationSpec(scenario: .stable, customers: customers, days: 7, seed: 17, start: end + 1)
        spec.proxy = true
        let simulator = Simulator(spec: spec)
        var batch = ObservationBatch(featureCount: schema.features.count)
        batch.reserve(customers)
        simulator.generate { batch.append($0) }
        _ = try ObservationStore(database: database).ingest(batch, file: "week.csv", fileSHA256: "week", actor: "bench", relabel: false)
        let rows = simulator.attributeRows()
        let (_, ingestSeconds) = try BenchFigures.timed {
            try AttributeStore(database: database).ingest(rows, file: "attributes.csv", fileSHA256: "attributes", actor: "bench", at: Date())
        }
        figures.record("attribute ingest (store)", Double(rows.count) / ingestSeconds, "rows/s",
                       "\(rows.count) rows for \(customers / 1000)k customers, every customer checked against the observations")
        let audit = FairnessAudit(database: database, config: config)
        // Three runs, the median reported: single runs on a shared machine vary by a fifth.
        var runs = [(report: FairnessReport, load: Double, total: Double)]()
        for _ in 0..<3 {
            let ((report, load), total) = try BenchFigures.timed {
                let (population, load) = try BenchFigures.timed {
                    try AuditPopulation.load(database: database, asOf: spec.end, windowDays: config.fairness.windowDays)
                }
                return (try audit.report(version: version, asOf: spec.end, population: population,
                                         options: .init(alternative: .never)), load)
            }
            runs.append((report, load, total))
        }
        runs.sort { $0.total < $1.total }
        let (report, loadSeconds, seconds) = runs[1]
        let sample = report.proxy.map(\.rows).max() ?? 0
        figures.record("fairness report, \(customers / 1000)k customers", seconds, "s",
                       "median of 3 (\(runs.map { String(format: "%.2f", $0.total) }.joined(separator: "/")) s); \(report.population.customers) customers and their attributes loaded in \(String(format: "%.2f", loadSeconds)) s; \(report.cells.count) cells with Holm, error parity on \(report.population.labelled) labelled, proxy scan (5-fold logistic AUC) on \(sample); verdict \(report.verdict.rawValue)")
    }
}

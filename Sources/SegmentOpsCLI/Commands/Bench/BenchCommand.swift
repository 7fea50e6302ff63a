import ArgumentParser
import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Training

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest, training, scoring, PSI and evaluation speed and peak memory; print the figures.",
        discussion: "Build with -c release for representative figures: swift run -c release segmentops bench")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Smaller sizes (seconds instead of a minute).")
    var quick = false

    @Option(name: .long, help: "Run only these steps, comma-separated: ingest, train, challengers, segments, fairness, console, score, psi, evaluate (default: all).")
    var only: String?

    @Option(name: .long, help: "Run only the whole nightly cycle at this many customers (60 days of weekly history first), e.g. 1000000.")
    var scale: Int?

    @Option(name: .long, help: "Write the rows scikit-learn and numpy are compared on, and this side's figures on them, to this folder, and do nothing else (scripts/bench-peers).")
    var peers: String?

    @Option(name: .long, help: ArgumentHelp("Run only the PostgreSQL benchmark against this server (a scratch database is created and dropped): ingest, a production change reaching other replicas, and failover among three supervisors (scripts/bench-postgres).", valueName: "postgres://…"))
    var postgres: String?

    var big: Int { quick ? 100_000 : 1_000_000 }
    static let steps = ["ingest", "train", "challengers", "segments", "fairness", "console", "score", "psi", "evaluate"]

    func validate() throws {
        for step in selected where !BenchCommand.steps.contains(step) {
            throw ValidationError("--only: '\(step)' is not a step (\(BenchCommand.steps.joined(separator: ", ")))")
        }
    }

    var selected: [String] {
        only.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? BenchCommand.steps
    }
    var schema: SegmentSchema { .standard }

    func run() async throws {
        if let peers { return try self.peers(folder: peers) }
        if let scale { return try await self.scale(customers: scale) }
        if let postgres { return try await self.postgres(url: postgres) }
        var figures = BenchFigures(json: global.json)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = try SegmentDatabase.open(path: dir + "/bench.db", schema: schema, create: true)
        let steps = Set(selected)
        // Every other step trains on this history.
        let history = try ingest(into: database, &figures)
        if steps.contains("train") { try train(&figures) }
        if steps.contains("challengers") { try challengers(database: database, end: history.end, &figures) }
        if steps.contains("segments") { try await segments(customers: big, model: database, end: history.end, &figures) }
        if steps.contains("fairness") { try fairness(customers: big, model: database, end: history.end, &figures) }
        if steps.contains("console") { try console(customers: big / 10, model: database, end: history.end, &figures) }
        if !steps.isDisjoint(with: ["score", "psi", "evaluate"]) {
            let data = BenchData.labelled(rows: big, seed: 5)
            let model = try SoftmaxTrainer().fit(BenchData.labelled(rows: 50_000, seed: 9), features: schema.features,
                                                 segments: schema.segments).model
            if steps.contains("score") { score(data, model: model, &figures) }
            if steps.contains("psi") { psi(data, model: model, &figures) }
            if steps.contains("evaluate") { try evaluate(data, model: model, database: database, after: history.end, &figures) }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        figures.record("peak memory (max RSS)", Double(usage.ru_maxrss) / 1024, "MiB", "whole benchmark process")
        try figures.emit()
    }

    /// Parse and store a simulated file into a fresh store, store it again, read the window back.
    func ingest(into database: any StoreBackend, _ figures: inout BenchFigures) throws -> SimulationSpec {
        let spec = SimulationSpec(scenario: .stable, customers: quick ? 5_000 : 20_000, days: 70, seed: 11,
                                  start: Day(year: 2026, month: 1, day: 1)!)
        let writer = ObservationCSVWriter(schema: schema)
        var csv = writer.header
        Simulator(spec: spec).generate { csv += writer.line($0) }
        let bytes = Array(csv.utf8)
        let store = ObservationStore(database: database)
        let (parsed, parseSeconds) = BenchFigures.timed { ObservationCSVParser(schema: schema).parse(bytes, file: "bench.csv") }
        let storeOnce = { try store.ingest(parsed.batch, file: "bench.csv", fileSHA256: sha256Hex(bytes), actor: "bench", relabel: false) }
        let (_, storeSeconds) = try BenchFigures.timed(storeOnce)
        let rows = Double(parsed.batch.count)
        figures.record("ingest (parse + store)", rows / (parseSeconds + storeSeconds), "rows/s",
                       "\(parsed.batch.count) rows, \(bytes.count / 1_000_000) MB: parse \(Int(rows / parseSeconds)) rows/s, store \(Int(rows / storeSeconds)) rows/s")
        let (_, againSeconds) = try BenchFigures.timed(storeOnce)
        figures.record("re-ingest (idempotent check)", rows / againSeconds, "rows/s", "same file again, nothing changes")
        let (window, loadSeconds) = try BenchFigures.timed { try store.load(DayRange(from: spec.start, to: spec.end)) }
        figures.record("load window from the store", Double(window.count) / loadSeconds, "rows/s", "\(window.count) rows")
        return spec
    }

    private func train(_ figures: inout BenchFigures) throws {
        for n in quick ? [100_000] : [100_000, 1_000_000] {
            let data = BenchData.labelled(rows: n, seed: 3)
            let (fit, seconds) = try BenchFigures.timed {
                try SoftmaxTrainer().fit(data, features: schema.features, segments: schema.segments)
            }
            figures.record("train \(n / 1000)k labelled rows", seconds, "s", "\(fit.iterations) L-BFGS iterations, \(fit.stop.rawValue)")
        }
    }

    /// A night's extra cost while drifting: the challengers' fits, next to the standard one, from SQLite.
    private func challengers(database: any StoreBackend, end: Day, _ figures: inout BenchFigures) throws {
        let config = SegmentOpsConfig()
        let trainer = Trainer(database: database, config: config)
        let (standard, standardSeconds) = try BenchFigures.timed { try trainer.fit(asOf: end) }
        let c = config.release.challengers
        let (fits, seconds) = try BenchFigures.timed {
            try c.windows.map { days in
                try trainer.fit(asOf: end, recipe: .challenger(trainDays: days, holdoutDays: c.holdoutDays, halfLifeDays: c.halfLifeDays))
            }
        }
        let rows = fits.map { "\($0.artifact.training.trainRows)" }.joined(separator: " + ")
        figures.record("challengers (extra per night)", seconds, "s",
                       "\(c.windows.count) recency-weighted fits on \(rows) rows; the standard fit on \(standard.artifact.training.trainRows) labelled rows took \(String(format: "%.3f", standardSeconds)) s")
    }

    /// One row at a time through the in-process scoring path, then the whole matrix in one call.
    private func score(_ data: LabelledData, model: SoftmaxModel, _ figures: inout BenchFigures) {
        var out = [Double](repeating: 0, count: model.segments.count)
        let d = model.features.count
        let (sink, seconds) = BenchFigures.timed {
            var sink = 0.0
            data.features.values.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    for r in 0..<data.count {
                        model.probabilities(of: UnsafeBufferPointer(rebasing: x[(r * d)..<(r * d + d)]), into: o)
                        sink += o[0]
                    }
                }
            }
            return sink
        }
        figures.record("score one row (in process)", seconds / Double(data.count) * 1e9, "ns/row", "\(data.count) rows one at a time")
        let (probabilities, batchSeconds) = BenchFigures.timed { model.probabilities(data.features) }
        figures.record("score batch (in process)", batchSeconds / Double(data.count) * 1e9, "ns/row", "\(data.count) rows in one call")
        if (sink + probabilities[0]).isNaN { Console.out("") }  // keeps the optimiser from dropping the work
    }

    /// Freeze a reference from `big` rows, then compare `big` current rows.
    private func psi(_ data: LabelledData, model: SoftmaxModel, _ figures: inout BenchFigures) {
        let current = BenchData.labelled(rows: big, seed: 6).features
        let (reference, profileSeconds) = BenchFigures.timed {
            ReferenceProfile(training: data.features, featureNames: schema.features, model: model)
        }
        let (drift, psiSeconds) = BenchFigures.timed {
            DriftCalculator(monitoring: MonitoringConfig()).report(
                version: 1, asOf: Day(index: 0), window: DayRange(from: Day(index: 0), to: Day(index: 6)), reference: reference,
                model: model, current: current)
        }
        figures.record("PSI 12 features + mix, \(big / 1000)k vs \(big / 1000)k", profileSeconds + psiSeconds, "s",
                       "reference profile \(String(format: "%.3f", profileSeconds)) s (incl. scoring for the mix), current window \(String(format: "%.3f", psiSeconds)) s")
        if (drift.features[0].psi ?? 0).isNaN { Console.out("") }
    }

    /// In memory, then end to end: `big` labelled rows in a 7-day window in SQLite, read back and judged.
    private func evaluate(_ data: LabelledData, model: SoftmaxModel, database: any StoreBackend, after end: Day,
                          _ figures: inout BenchFigures) throws {
        let window = DayRange(from: Day(index: 0), to: Day(index: 6))
        let (evaluation, seconds) = BenchFigures.timed {
            Evaluator(monitoring: MonitoringConfig()).report(version: 1, asOf: Day(index: 0), window: window, model: model,
                                                             baselineAccuracy: 0.88, data: data, harmPairs: schema.harmPairIndices)
        }
        figures.record("evaluate \(big / 1000)k labelled rows in memory", seconds, "s",
                       "accuracy \(String(format: "%.3f", evaluation.accuracy)) with Wilson intervals")
        let version = try Trainer(database: database, config: SegmentOpsConfig())
            .train(asOf: end, actor: "bench", configSnapshot: "bench", at: Date()).version.version
        var spec = SimulationSpec(scenario: .stable, customers: big, days: 7, seed: 21, start: end + 21)
        spec.labelledShare = 1
        var batch = ObservationBatch(featureCount: schema.features.count)
        batch.reserve(big)
        Simulator(spec: spec).generate { batch.append($0) }
        _ = try ObservationStore(database: database).ingest(batch, file: "eval.csv", fileSHA256: "eval", actor: "bench", relabel: false)
        let (endToEnd, endToEndSeconds) = try BenchFigures.timed {
            try Monitors(database: database, config: SegmentOpsConfig()).evaluate(asOf: spec.end, version: version)
        }
        figures.record("evaluate \(big / 1000)k labelled rows from SQLite", endToEndSeconds, "s",
                       "n \(endToEnd.n): load the 7-day window, score, metrics, Wilson intervals")
    }
}

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

    struct Figure: Encodable {
        let name: String
        let value: Double
        let unit: String
        let detail: String
    }

    func run() async throws {
        let json = global.json
        var figures = [Figure]()
        func record(_ name: String, _ value: Double, _ unit: String, _ detail: String) {
            figures.append(Figure(name: name, value: value, unit: unit, detail: detail))
            if !json {
                let label = name.count < 44 ? name + String(repeating: " ", count: 44 - name.count) : name
                print("\(label) \(String(format: value >= 100 ? "%.0f" : "%.3f", value)) \(unit)  (\(detail))")
            }
        }
        let big = quick ? 100_000 : 1_000_000
        let schema = SegmentSchema.standard

        // Ingest: parse and store a simulated file into a fresh SQLite file.
        let ingestCustomers = quick ? 5_000 : 20_000
        let spec = SimulationSpec(scenario: .stable, customers: ingestCustomers, days: 70, seed: 11, start: Day(year: 2026, month: 1, day: 1)!)
        let writer = ObservationCSVWriter(schema: schema)
        var csv = writer.header
        Simulator(spec: spec).generate { csv += writer.line($0) }
        let bytes = Array(csv.utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = try SegmentDatabase.open(path: dir + "/bench.db", schema: schema, create: true)
        var t = Date()
        let parsed = ObservationCSVParser(schema: schema).parse(bytes, file: "bench.csv")
        let parseSeconds = Date().timeIntervalSince(t)
        t = Date()
        _ = try ObservationStore(database: database).ingest(parsed.batch, file: "bench.csv", fileSHA256: sha256Hex(bytes),
                                                            actor: "bench", relabel: false)
        let storeSeconds = Date().timeIntervalSince(t)
        let rows = Double(parsed.batch.count)
        record("ingest (parse + store)", rows / (parseSeconds + storeSeconds), "rows/s",
               "\(parsed.batch.count) rows, \(bytes.count / 1_000_000) MB: parse \(Int(rows / parseSeconds)) rows/s, store \(Int(rows / storeSeconds)) rows/s")
        t = Date()
        _ = try ObservationStore(database: database).ingest(parsed.batch, file: "bench.csv", fileSHA256: sha256Hex(bytes),
                                                            actor: "bench", relabel: false)
        record("re-ingest (idempotent check)", rows / Date().timeIntervalSince(t), "rows/s", "same file again, nothing changes")
        t = Date()
        let window = try ObservationStore(database: database).load(DayRange(from: spec.start, to: spec.end))
        record("load window from SQLite", Double(window.count) / Date().timeIntervalSince(t), "rows/s", "\(window.count) rows")

        // Training.
        for n in quick ? [100_000] : [100_000, 1_000_000] {
            let data = BenchData.labelled(rows: n, seed: 3)
            t = Date()
            let fit = try SoftmaxTrainer().fit(data, features: schema.features, segments: schema.segments)
            record("train \(n / 1000)k labelled rows", Date().timeIntervalSince(t), "s", "\(fit.iterations) L-BFGS iterations, \(fit.stop.rawValue)")
        }

        // Scoring.
        let data = BenchData.labelled(rows: big, seed: 5)
        let model = try SoftmaxTrainer().fit(BenchData.labelled(rows: 50_000, seed: 9), features: schema.features,
                                             segments: schema.segments).model
        var out = [Double](repeating: 0, count: 3)
        var sink = 0.0
        t = Date()
        data.features.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<data.count {
                    model.probabilities(of: UnsafeBufferPointer(rebasing: x[(r * 12)..<(r * 12 + 12)]), into: o)
                    sink += o[0]
                }
            }
        }
        record("score one row (in process)", Date().timeIntervalSince(t) / Double(data.count) * 1e9, "ns/row", "\(data.count) rows one at a time")
        t = Date()
        let probabilities = model.probabilities(data.features)
        record("score batch (in process)", Date().timeIntervalSince(t) / Double(data.count) * 1e9, "ns/row", "\(data.count) rows in one call")
        sink += probabilities[0]

        // PSI: freeze a reference from `big` rows, then compare `big` current rows.
        let current = BenchData.labelled(rows: big, seed: 6).features
        t = Date()
        let reference = ReferenceProfile(training: data.features, featureNames: schema.features, model: model)
        let profileSeconds = Date().timeIntervalSince(t)
        t = Date()
        let drift = DriftCalculator(monitoring: MonitoringConfig()).report(
            version: 1, asOf: Day(index: 0), window: DayRange(from: Day(index: 0), to: Day(index: 6)), reference: reference,
            model: model, current: current)
        let psiSeconds = Date().timeIntervalSince(t)
        record("PSI 12 features + mix, \(big / 1000)k vs \(big / 1000)k", profileSeconds + psiSeconds, "s",
               "reference profile \(String(format: "%.3f", profileSeconds)) s (incl. scoring for the mix), current window \(String(format: "%.3f", psiSeconds)) s")
        sink += drift.features[0].psi ?? 0

        // Evaluation.
        t = Date()
        let evaluation = Evaluator(monitoring: MonitoringConfig()).report(
            version: 1, asOf: Day(index: 0), window: DayRange(from: Day(index: 0), to: Day(index: 6)), model: model,
            baselineAccuracy: 0.88, data: data, harmPairs: schema.harmPairIndices)
        record("evaluate \(big / 1000)k labelled rows in memory", Date().timeIntervalSince(t), "s", "accuracy \(String(format: "%.3f", evaluation.accuracy)) with Wilson intervals")

        // Evaluation end to end: `big` labelled rows in a 7-day window in SQLite, read back and judged.
        let version = try Trainer(database: database, config: SegmentOpsConfig())
            .train(asOf: spec.end, actor: "bench", configSnapshot: "bench", at: Date()).version.version
        var evalSpec = SimulationSpec(scenario: .stable, customers: big, days: 7, seed: 21, start: spec.end + 21)
        evalSpec.labelledShare = 1
        var evalBatch = ObservationBatch(featureCount: 12)
        evalBatch.reserve(big)
        Simulator(spec: evalSpec).generate { evalBatch.append($0) }
        _ = try ObservationStore(database: database).ingest(evalBatch, file: "eval.csv", fileSHA256: "eval", actor: "bench", relabel: false)
        t = Date()
        let endToEnd = try Monitors(database: database, config: SegmentOpsConfig()).evaluate(asOf: evalSpec.end, version: version)
        record("evaluate \(big / 1000)k labelled rows from SQLite", Date().timeIntervalSince(t), "s",
               "n \(endToEnd.n): load the 7-day window, score, metrics, Wilson intervals")

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        record("peak memory (max RSS)", Double(usage.ru_maxrss) / 1024, "MiB", "whole benchmark process")
        if sink.isNaN { print("") }
        if json { try Output(json: true).emit(figures) }
    }
}

/// Labelled rows from the stable simulator, every row labelled.
enum BenchData {
    static func labelled(rows: Int, seed: UInt64) -> LabelledData {
        let customers = max(1000, rows / 20)
        let days = (rows * 7 + customers - 1) / customers + 7
        var spec = SimulationSpec(scenario: .stable, customers: customers, days: days, seed: seed, start: Day(year: 2026, month: 1, day: 1)!)
        spec.labelledShare = 1
        var matrix = FeatureMatrix(columns: 12)
        matrix.reserve(rows: rows)
        var labels = [Int32]()
        labels.reserveCapacity(rows)
        Simulator(spec: spec).generate { o in
            guard labels.count < rows else { return }
            matrix.append(row: o.features)
            labels.append(o.label!)
        }
        return LabelledData(features: matrix, labels: labels)
    }
}


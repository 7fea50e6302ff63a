import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

extension BenchCommand {
    /// The rows `scripts/bench-peers` gives scikit-learn and numpy, and this side's figures on exactly those rows:
    /// for each size, training rows, a holdout and a current window as `.npy` files in `folder`, and
    /// `segmentops-N.json` with the fit time, holdout accuracy, batch and single-row scoring and PSI.
    func peers(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for n in quick ? [100_000] : [100_000, 1_000_000] {
            let train = BenchData.labelled(rows: n, seed: 3)
            let holdout = BenchData.labelled(rows: n / 5, seed: 4)
            let current = BenchData.labelled(rows: n, seed: 6).features
            for (name, matrix) in [("X_train", train.features), ("X_holdout", holdout.features), ("X_current", current)] {
                try NumpyFile.write(doubles: matrix.values, rows: matrix.rows, columns: matrix.columns, to: "\(folder)/\(name)_\(n).npy")
            }
            try NumpyFile.write(labels: train.labels, to: "\(folder)/y_train_\(n).npy")
            try NumpyFile.write(labels: holdout.labels, to: "\(folder)/y_holdout_\(n).npy")

            // The median of three runs of each step: single runs on a shared machine vary by a fifth.
            func median(_ body: () throws -> Void) rethrows -> Double {
                var times = [Double]()
                for _ in 0..<3 { times.append(try BenchFigures.timed(body).1) }
                return times.sorted()[1]
            }
            var fit: SoftmaxTrainer.Fit?
            let trainSeconds = try median { fit = try SoftmaxTrainer().fit(train, features: schema.features, segments: schema.segments) }
            let model = fit!.model
            let predicted = model.predictions(holdout.features)
            let accuracy = Double(zip(predicted, holdout.labels).filter { $0 == $1 }.count) / Double(holdout.count)
            var sink = 0.0
            let batchSeconds = median { sink += model.probabilities(holdout.features)[0] }
            let d = model.features.count
            var out = [Double](repeating: 0, count: model.segments.count)
            let rowSeconds = median {
                holdout.features.values.withUnsafeBufferPointer { x in
                    out.withUnsafeMutableBufferPointer { o in
                        for r in 0..<holdout.count {
                            model.probabilities(of: UnsafeBufferPointer(rebasing: x[(r * d)..<(r * d + d)]), into: o)
                            sink += o[0]
                        }
                    }
                }
            }
            let psiSeconds = median {
                let reference = ReferenceProfile(training: train.features, featureNames: schema.features, model: model)
                let drift = DriftCalculator(monitoring: MonitoringConfig()).report(
                    version: 1, asOf: Day(index: 0), window: DayRange(from: Day(index: 0), to: Day(index: 6)), reference: reference,
                    model: model, current: current)
                sink += drift.features[0].psi ?? 0
            }
            if sink.isNaN { Console.out("") }  // keeps the optimiser from dropping the work
            let figures: JSONValue = [
                "rows": .int(n), "train_seconds": .number(trainSeconds), "iterations": .int(fit!.iterations),
                "holdout_accuracy": .number(accuracy), "batch_ns_per_row": .number(batchSeconds / Double(holdout.count) * 1e9),
                "single_ns_per_row": .number(rowSeconds / Double(holdout.count) * 1e9), "psi_seconds": .number(psiSeconds),
            ]
            try Data(figures.text.utf8).write(to: URL(fileURLWithPath: "\(folder)/segmentops-\(n).json"))
            if !global.json { Console.out("segmentops on \(n) rows: \(figures.text)") }
        }
    }
}

/// NumPy's `.npy` format (version 1.0): a small header, then the raw little-endian values.
enum NumpyFile {
    static func write(doubles: [Double], rows: Int, columns: Int, to path: String) throws {
        var data = header(descr: "<f8", shape: "(\(rows), \(columns))")
        doubles.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 8)) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func write(labels: [Int32], to path: String) throws {
        var data = header(descr: "<i4", shape: "(\(labels.count),)")
        labels.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    private static func header(descr: String, shape: String) -> Data {
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // Magic (6) + version (2) + length (2) + the dictionary, padded with spaces to a multiple of 64, ending in \n.
        while (10 + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dict.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        return data
    }
}

import SegmentModel
import Simulation

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

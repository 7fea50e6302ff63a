/// Histogram-binning calibration (Zadrozny & Elkan) of the two chances the label-free estimate relies on — that a
/// row's predicted segment is right, and that it is harmful — fitted on labelled reference rows (a version's
/// holdout), as NannyML's CBPE calibrates on its reference period before estimating.
///
/// Each chance is cut into equal-frequency bins on the reference rows; a new row's chance is replaced by the
/// observed rate of its bin. A linear model's raw probabilities are often a few points over- or under-confident;
/// calibrated, the estimate tracks realised accuracy under covariate shift.
public struct ConfidenceCalibration: Sendable, Equatable, Codable {
    struct Bins: Sendable, Equatable, Codable {
        /// Upper edges of every bin but the last.
        let edges: [Double]
        /// Observed rate per bin.
        let rates: [Double]

        init(values: [Double], outcomes: [Bool], count: Int) {
            let order = values.indices.sorted { values[$0] < values[$1] }
            let n = order.count
            let bins = max(1, min(count, n / 50))
            var edges = [Double](), rates = [Double]()
            for b in 0..<bins {
                let lo = b * n / bins, hi = (b + 1) * n / bins
                let slice = order[lo..<hi]
                let hits = slice.reduce(0) { $0 + (outcomes[$1] ? 1 : 0) }
                // Laplace smoothing towards the bin's mean chance keeps an empty-ish bin from saying 0 or 1.
                let chance = slice.reduce(0.0) { $0 + values[$1] }
                rates.append((Double(hits) + chance / Double(max(slice.count, 1))) / Double(slice.count + 1))
                if b < bins - 1 { edges.append(values[order[hi]]) }
            }
            self.edges = edges
            self.rates = rates
        }

        func map(_ value: Double) -> Double {
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if value < edges[mid] { hi = mid } else { lo = mid + 1 }
            }
            return rates[lo]
        }
    }

    let correct: Bins
    let harm: Bins

    /// Fits on reference rows: `probabilities` row-major `rows × segments`, with their true `labels`.
    public init?(probabilities: [Double], labels: [Int32], segments k: Int, harmPairs: Set<SegmentPair>, bins: Int = 10) {
        guard labels.count >= 100 else { return nil }
        let harmful = Set(harmPairs.map { $0.truth * k + $0.predicted })
        var confidence = [Double](), right = [Bool](), harmChance = [Double](), harmed = [Bool]()
        for r in labels.indices {
            let (p, chance, harmP) = ConfidenceCalibration.chances(probabilities, row: r, segments: k, harmPairs: harmPairs)
            confidence.append(chance)
            right.append(Int(labels[r]) == p)
            harmChance.append(harmP)
            harmed.append(harmful.contains(Int(labels[r]) * k + p))
        }
        correct = Bins(values: confidence, outcomes: right, count: bins)
        harm = Bins(values: harmChance, outcomes: harmed, count: bins)
    }

    func calibratedCorrect(_ chance: Double) -> Double { correct.map(chance) }
    func calibratedHarm(_ chance: Double) -> Double { harm.map(chance) }

    /// The predicted segment of row `r`, its probability, and the summed probability of the true segments that
    /// would make that prediction harmful.
    static func chances(_ p: [Double], row r: Int, segments k: Int, harmPairs: Set<SegmentPair>) -> (Int, Double, Double) {
        let base = r * k
        let predicted = PairedComparison.argmax(p, base, k)
        let harm = harmPairs.reduce(0.0) { $1.predicted == predicted ? $0 + p[base + $1.truth] : $0 }
        return (predicted, p[base + predicted], harm)
    }
}

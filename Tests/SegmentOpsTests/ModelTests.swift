import Foundation
@testable import SegmentModel
import Testing

@Suite("Softmax regression")
struct ModelTests {
    private func smallProblem(seed: UInt64 = 1, rows: Int = 300) -> LabelledData {
        var rng = SystemRandomNumberGeneratorSeeded(seed)
        var m = FeatureMatrix(columns: 3)
        var y = [Int32]()
        for _ in 0..<rows {
            let label = Int32(rng.next() % 3)
            let base = Double(label)
            m.append(row: [base + rng.gauss(), -base + rng.gauss(), rng.gauss()])
            y.append(label)
        }
        return LabelledData(features: m, labels: y)
    }

    @Test("gradient matches central finite differences")
    func gradientCheck() {
        let data = smallProblem()
        let objective = SoftmaxObjective(data: data.features, labels: data.labels, classes: 3, l2: 1.0)
        var theta = (0..<objective.parameterCount).map { Double($0 % 5) * 0.1 - 0.2 }
        var gradient = [Double]()
        _ = objective.evaluate(theta, gradient: &gradient)
        let h = 1e-6
        var scratch = [Double]()
        for i in 0..<objective.parameterCount {
            let saved = theta[i]
            theta[i] = saved + h
            let plus = objective.evaluate(theta, gradient: &scratch)
            theta[i] = saved - h
            let minus = objective.evaluate(theta, gradient: &scratch)
            theta[i] = saved
            let numeric = (plus - minus) / (2 * h)
            #expect(abs(numeric - gradient[i]) < 1e-7, "parameter \(i): analytic \(gradient[i]) numeric \(numeric)")
        }
    }

    @Test("the inlined exponential agrees with the C library's to a few units in the last place")
    func exponential() {
        var worst = 0.0
        var x = -707.9
        while x < 709.7 {
            let expected = Foundation.exp(x)
            worst = max(worst, abs(x.exp - expected) / expected)
            x += 0.013_7
        }
        for r in stride(from: -0.35, through: 0.35, by: 0.000_7) { worst = max(worst, abs(r.exp - Foundation.exp(r)) / Foundation.exp(r)) }
        #expect(worst < 4 * Double.ulpOfOne, "largest relative error \(worst)")
        #expect(0.0.exp == 1 && (-800.0).exp == 0 && 710.0.exp == .infinity && Double.nan.exp.isNaN)
        #expect((-Double.infinity).exp == 0 && Double.infinity.exp == .infinity)
    }

    @Test("with uninformative features the optimum is the class priors")
    func knownOptimum() throws {
        // Features are constant, so they standardise to zero: only the intercepts matter, and the maximum
        // likelihood puts softmax(b) at the class frequencies 1/2, 1/4, 1/4.
        var m = FeatureMatrix(columns: 2)
        var y = [Int32]()
        for i in 0..<400 {
            m.append(row: [7, -3])
            y.append(i % 4 == 0 ? 1 : (i % 4 == 1 ? 2 : 0))
        }
        let fit = try SoftmaxTrainer().fit(LabelledData(features: m, labels: y), features: ["a", "b"], segments: ["x", "y", "z"])
        #expect(fit.converged)
        let p = fit.model.probabilities([7, -3])
        #expect(abs(p[0] - 0.5) < 1e-6 && abs(p[1] - 0.25) < 1e-6 && abs(p[2] - 0.25) < 1e-6)
        #expect(fit.model.weights.allSatisfy { $0.allSatisfy { abs($0) < 1e-9 } })
    }

    @Test("the fitted parameters make the gradient vanish")
    func convergesToStationaryPoint() throws {
        let data = smallProblem(seed: 4)
        let fit = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"])
        #expect(fit.converged)
        #expect(fit.gradientNorm <= 1e-6)
        let acc = ClassificationMetrics(labels: data.labels, probabilities: fit.model.probabilities(data.features), segments: 3,
                                        harmPairs: []).accuracy
        #expect(acc > 0.6)
    }

    @Test("fitting is deterministic")
    func determinism() throws {
        let data = smallProblem(seed: 9, rows: 2000)
        let a = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"])
        let b = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"])
        #expect(a.model == b.model)
        #expect(a.iterations == b.iterations)
    }

    @Test("batch scoring gives every row bit-for-bit what single-row scoring gives, extreme rows included")
    func batchEqualsSingleRows() throws {
        let data = smallProblem(seed: 4)
        let model = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"]).model
        var rng = SystemRandomNumberGeneratorSeeded(11)
        var matrix = FeatureMatrix(columns: 3)
        for i in 0..<20_003 {  // above the parallel threshold, not a multiple of four
            switch i % 997 {
            case 1: matrix.append(row: [.nan, 0, 0])
            case 2: matrix.append(row: [.infinity, 0, 0])
            case 3: matrix.append(row: [-1e4, 1e4, 0])  // one segment's score far above the first's
            case 4: matrix.append(row: [1e4, -1e4, 0])  // the others far below: their exponentials underflow
            default: matrix.append(row: [rng.gauss() * 3, rng.gauss() * 3, rng.gauss() * 3])
            }
        }
        let batch = model.probabilities(matrix)
        var mismatches = 0
        for r in 0..<matrix.rows {
            let single = model.probabilities(Array(matrix.row(r)))
            for c in 0..<3 where single[c].bitPattern != batch[r * 3 + c].bitPattern { mismatches += 1 }
            if r % 997 > 2 || r % 997 == 0 { #expect(abs(single.reduce(0, +) - 1) < 1e-12, "row \(r): \(single)") }
        }
        #expect(mismatches == 0)
        for r in [997 + 3, 997 + 4] {  // the extreme rows: decided, not NaN
            #expect(batch[(r * 3)..<(r * 3 + 3)].max()! > 0.999, "row \(r)")
        }
    }

    @Test("scoring folds the scaler: same probabilities as standardise-then-score")
    func foldedScoring() throws {
        let data = smallProblem(seed: 2)
        let model = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"]).model
        let row = [0.3, -1.2, 2.0]
        var z = [Double]()
        for k in 0..<3 {
            var s = model.intercepts[k]
            for j in 0..<3 { s += model.weights[k][j] * (row[j] - model.standardizer.mean[j]) / model.standardizer.scale[j] }
            z.append(exp(s))
        }
        let expected = z.map { $0 / z.reduce(0, +) }
        let got = model.probabilities(row)
        for k in 0..<3 { #expect(abs(got[k] - expected[k]) < 1e-12) }
        let score = SegmentScore(probabilities: got)
        #expect(score.margin >= 0 && score.margin <= 1)
    }

    @Test("metrics: confusion, recall, harm rate")
    func metrics() {
        // truth: acquirer, builder, builder, optimizer; predictions: acquirer, acquirer, builder, acquirer
        let probs: [Double] = [0.8, 0.1, 0.1, 0.6, 0.3, 0.1, 0.1, 0.8, 0.1, 0.5, 0.2, 0.3]
        let m = ClassificationMetrics(labels: [0, 1, 1, 2], probabilities: probs, segments: 3,
                                      harmPairs: [SegmentPair(truth: 1, predicted: 0), SegmentPair(truth: 2, predicted: 0)])
        #expect(m.confusion == [[1, 0, 0], [1, 1, 0], [1, 0, 0]])
        #expect(m.accuracy == 0.5)
        #expect(m.recall == [1.0, 0.5, 0.0])
        #expect(m.harmCount == 2 && m.harmRate == 0.5)
        #expect(abs(m.logLoss - (-(log(0.8) + log(0.3) + log(0.8) + log(0.3)) / 4)) < 1e-12)
    }

    @Test("artifact JSON round-trips to the same model and the same bytes")
    func artifactRoundTrip() throws {
        let data = smallProblem(seed: 3)
        let fit = try SoftmaxTrainer().fit(data, features: ["a", "b", "c"], segments: ["x", "y", "z"])
        let metrics = ClassificationMetrics(labels: data.labels, probabilities: fit.model.probabilities(data.features), segments: 3, harmPairs: [])
        let window = DayRange(from: Day(index: 0), to: Day(index: 59))
        let artifact = ModelArtifact(
            model: fit.model, harmPairs: [], training: .init(window: window, trainWindow: window, holdoutWindow: window,
                                                             trainRows: 1, holdoutRows: 1, fingerprint: "f", l2: 1,
                                                             iterations: fit.iterations, converged: true),
            metrics: MetricsReport(metrics, segments: ["x", "y", "z"]),
            reference: ReferenceProfile(training: data.features, featureNames: ["a", "b", "c"], model: fit.model))
        let bytes = try artifact.encoded()
        let decoded = try ModelArtifact.decode(bytes)
        #expect(try decoded.encoded() == bytes)
        #expect(try decoded.model() == fit.model)
    }

    @Test("dates: parse, print, reject impossible days")
    func days() {
        #expect(Day("2026-02-28")!.description == "2026-02-28")
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("2026-1-01") == nil)
        #expect(Day("1970-01-01")!.index == 0)
        #expect(Day("2026-03-01")! - Day("2026-02-01")! == 28)
        let r = DayRange(ending: Day("2026-03-10")!, length: 7)
        #expect(r.from.description == "2026-03-04" && r.dayCount == 7)
    }
}

/// A tiny seeded generator for test data.
struct SystemRandomNumberGeneratorSeeded: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func gauss() -> Double {
        let u1 = max(Double(next() >> 11) * 0x1.0p-53, 1e-12), u2 = Double(next() >> 11) * 0x1.0p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

import Foundation
import SegmentModel
import Testing

@Suite("Fair-lending statistics against known values")
struct FairnessStatisticsTests {
    @Test("Fisher's exact test: the tea-tasting table and a lopsided one, as R's fisher.test")
    func fisher() {
        // Fisher's lady tasting tea: 3 of 4 right each way; R: p-value = 0.4857.
        #expect(abs(FisherExact.twoSided(a: 3, b: 1, c: 1, d: 3) - 0.485714) < 1e-5)
        // R: fisher.test(matrix(c(1, 9, 11, 3), 2)) p-value = 0.002759.
        #expect(abs(FisherExact.twoSided(a: 1, b: 9, c: 11, d: 3) - 0.002759) < 1e-5)
        #expect(FisherExact.twoSided(a: 5, b: 5, c: 5, d: 5) == 1)
    }

    @Test("Holm's step-down adjustment: multiplied by the remaining count, monotone, capped at 1")
    func holm() {
        let adjusted = Holm.adjust([0.01, 0.04, 0.03, 0.005])
        // Sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → monotone 0.02, 0.03, 0.06, 0.06.
        let expected = [0.03, 0.06, 0.06, 0.02]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-12) }
        #expect(Holm.adjust([0.5, 0.9]) == [1, 1])
        #expect(Holm.adjust([]).isEmpty)
    }

    @Test("normal distribution: cdf, two-sided p and quantile agree with tables")
    func normal() {
        #expect(abs(Normal.cdf(1.959964) - 0.975) < 1e-6)
        #expect(abs(Normal.twoSided(1.959964) - 0.05) < 1e-6)
        #expect(abs(Normal.quantile(0.975) - 1.959964) < 1e-5)
        #expect(abs(Normal.quantile(0.8) - 0.841621) < 1e-5)
        for p in [0.001, 0.02, 0.3, 0.5, 0.77, 0.999] { #expect(abs(Normal.cdf(Normal.quantile(p)) - p) < 1e-9) }
    }

    @Test("AUC: 1 when the scores separate, 0.5 when they tie, the Mann–Whitney count otherwise")
    func auc() {
        #expect(WeightedAUC.auc(scores: [0.1, 0.2, 0.8, 0.9], target: [0, 0, 1, 1]) == 1)
        #expect(WeightedAUC.auc(scores: [0.5, 0.5, 0.5, 0.5], target: [0, 1, 0, 1]) == 0.5)
        // Pairs (member, non-member): (0.4 > 0.3) (0.4 < 0.6) (0.9 > 0.3) (0.9 > 0.6) → 3 of 4.
        #expect(abs((WeightedAUC.auc(scores: [0.3, 0.6, 0.4, 0.9], target: [0, 0, 1, 1]) ?? 0) - 0.75) < 1e-12)
        #expect(WeightedAUC.auc(scores: [0.1, 0.2], target: [1, 1]) == nil)
    }

    @Test("logistic regression by Newton's method recovers the coefficients it was simulated with")
    func logistic() {
        var random = SystemRandomNumberGenerator()
        let n = 20_000
        var x = FeatureMatrix(columns: 2)
        var target = [Double]()
        for _ in 0..<n {
            let a = Double.random(in: -2...2, using: &random), b = Double.random(in: -2...2, using: &random)
            x.append(row: [a, b])
            let p = 1 / (1 + exp(-(1.5 * a - 0.5)))
            target.append(Double.random(in: 0..<1, using: &random) < p ? 1 : 0)
        }
        let model = BinaryLogistic(x: x, target: target)
        // Coefficients are per standard deviation: a is uniform on [−2, 2] (sd 2/√3).
        let sd = 2 / 3.0.squareRoot()
        #expect(abs(model.coefficients[0] / sd - 1.5) < 0.1)
        #expect(abs(model.coefficients[1]) < 0.1)
        let warm = BinaryLogistic(x: x, target: target, standardizer: model.standardizer, start: model.coefficients)
        for (a, b) in zip(warm.coefficients, model.coefficients) { #expect(abs(a - b) < 1e-6) }
    }

    /// One attribute of two groups: `na` and `nb` customers, `ka` and `kb` of them assigned the favourable segment 0.
    private func cells(na: Int, ka: Int, nb: Int, kb: Int) -> [DisparityCell] {
        var weights = [Double](), predictions = [Int32]()
        for i in 0..<(na + nb) {
            let b = i >= na
            weights += b ? [0, 1] : [1, 0]
            predictions.append((b ? i - na < kb : i < ka) ? 0 : 1)
        }
        let column = AttributeColumn(name: "group", groups: ["a", "b"], weights: weights, probabilistic: false)
        let calculator = DisparityCalculator(settings: DisparitySettings())
        return calculator.finish(calculator.cells(column, segment: 0, name: "optimizer", direction: .favourable,
                                                  predictions: predictions))
    }

    @Test("adverse impact: fail below 0.80 when significant, warn when not, inconclusive for a small group")
    func adverseImpact() throws {
        let fail = try #require(cells(na: 2000, ka: 800, nb: 1000, kb: 280).first { $0.group == "b" })
        #expect(abs(fail.air - 0.7) < 1e-12 && fail.verdict == .fail && (fail.pHolm ?? 1) < 0.05)
        let warn = try #require(cells(na: 150, ka: 60, nb: 150, kb: 45).first { $0.group == "b" })
        #expect(abs(warn.air - 0.75) < 1e-12 && warn.verdict == .warn)
        let small = try #require(cells(na: 2000, ka: 800, nb: 40, kb: 8).first { $0.group == "b" })
        #expect(small.verdict == .inconclusive)
        let fair = try #require(cells(na: 2000, ka: 800, nb: 1000, kb: 390).first { $0.group == "b" })
        #expect(fair.verdict == .pass && abs(fair.air - 0.975) < 1e-12)
        // The smallest ratio a cell of this size could tell from 1 (power 0.8) is reported, and lies below 1.
        #expect((fair.detectableAIR ?? 1) < 1 && (fair.detectableAIR ?? 0) > 0.8)
    }
}

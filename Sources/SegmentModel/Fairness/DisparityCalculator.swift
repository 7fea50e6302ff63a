import Foundation

/// The adverse-impact table: for each segment (one-vs-rest) and each group of an attribute, the rate of the
/// favourable outcome, its ratio to the most favoured group's (four-fifths rule), the difference with a 95%
/// interval, a test (two-proportion z, Fisher's exact for small cells, a weighted z for probability-valued
/// attributes) and the smallest ratio the cell could detect. `finish` applies Holm's correction across every cell
/// and gives the verdicts.
///
/// Variances are linearisations (influence functions) over customers, so one formula covers self-reported groups,
/// membership probabilities (where a customer counts in several groups) and the paired comparison of two models
/// scored on the same customers.
public struct DisparityCalculator: Sendable {
    public let settings: DisparitySettings

    public init(settings: DisparitySettings) { self.settings = settings }

    /// Cells of one attribute for one segment. `predictions` (and production's, for the gate) are segment indices
    /// per customer, aligned with the attribute's rows.
    public func cells(_ a: AttributeColumn, segment s: Int, name: String, direction: FairnessDirection,
                      predictions: [Int32], production: [Int32]? = nil) -> [DisparityCell] {
        precondition(predictions.count == a.customers)
        let adverse = direction == .adverse
        let target = Int32(s)
        let y: (Int) -> Bool = { (predictions[$0] == target) != adverse }
        let rates = GroupRates(a, outcome: y)
        let thresholded = a.probabilistic ? GroupRates(a, outcome: y, threshold: settings.probabilityThreshold) : nil
        let prod = production.map { p in GroupRates(a, outcome: { (p[$0] == target) != adverse }) }
        let ref = rates.reference(minSize: settings.minGroupSize)
        let refTh = thresholded?.reference(minSize: settings.minGroupSize)
        let z = Normal.quantile(0.975)
        // Assignment rate (shown) from the outcome rate (tested): for an adverse segment, the complement.
        func assignment(_ r: Double) -> Double { adverse ? 1 - r : r }

        return a.groups.indices.map { g in
            let rg = rates.rate(g), rr = rates.rate(ref)
            let air = rr > 0 ? rg / rr : 1
            let th = thresholded.map { t in
                DisparityCell.Thresholded(n: Int(t.weight[g].rounded()), rate: assignment(t.rate(g)),
                                          air: t.rate(refTh!) > 0 ? t.rate(g) / t.rate(refTh!) : nil)
            }
            func cell(test: String, p: Double?, ci: [Double], detectable: Double?, verdict: DisparityCell.Verdict,
                      reason: String) -> DisparityCell {
                DisparityCell(attribute: a.name, group: a.groups[g], segment: name, direction: direction.rawValue,
                              gated: direction != .neutral, n: rates.weight[g], nEffective: rates.effective(g),
                              rate: assignment(rg), referenceGroup: a.groups[ref], referenceRate: assignment(rr),
                              air: air, difference: rg - rr, differenceCI: ci, test: test, pValue: p,
                              detectableAIR: detectable, thresholded: th, verdict: verdict, reason: reason)
            }
            if g == ref {
                return cell(test: "reference", p: nil, ci: [0, 0], detectable: nil, verdict: .pass,
                            reason: "reference: the most favoured group")
            }
            let variance = differenceVariance(a, g: g, ref: ref, y: y, rates: rates)
            let se = variance.squareRoot()
            let ci = [rg - rr - z * se, rg - rr + z * se]
            let (test, p) = significance(a, g: g, ref: ref, rates: rates, se: se)
            let detectable = DetectableRatio.air(referenceRate: rr, nReference: rates.effective(ref),
                                                 nGroup: rates.effective(g), alpha: settings.alpha, power: settings.power)
            let small = min(rates.effective(g), rates.effective(ref)) < settings.minGroupSize
            var c = cell(test: test, p: p, ci: ci, detectable: detectable, verdict: small ? .inconclusive : .pass,
                         reason: small ? "fewer than \(Int(settings.minGroupSize)) customers in \(rates.effective(g) < settings.minGroupSize ? "the group" : "the reference group")" : "")
            if let production, let prod {
                let pa = prod.rate(ref) > 0 ? prod.rate(g) / prod.rate(ref) : 1
                c.productionAIR = pa
                c.airChange = air - pa
                c.pWorse = worseningP(a, g: g, ref: ref, y: y, rates: rates, production: production, target: target,
                                      adverse: adverse, prod: prod, productionAIR: pa, air: air)
            }
            return c
        }
    }

    /// Var(r_g − r_ref) by linearisation: Σᵢ (w_ig (yᵢ − r_g)/W_g − w_ir (yᵢ − r_ref)/W_ref)².
    func differenceVariance(_ a: AttributeColumn, g: Int, ref: Int, y: (Int) -> Bool, rates: GroupRates) -> Double {
        let rg = rates.rate(g), rr = rates.rate(ref), wg = rates.weight[g], wr = rates.weight[ref]
        guard wg > 0, wr > 0 else { return 0 }
        var v = 0.0
        for i in 0..<a.customers {
            let yi = y(i) ? 1.0 : 0.0
            let psi = a.weight(i, g) * (yi - rg) / wg - a.weight(i, ref) * (yi - rr) / wr
            v += psi * psi
        }
        return v
    }

    /// The test of "no difference": Fisher's exact test when an expected count is below 5, the pooled
    /// two-proportion z-test otherwise; a weighted z for probability-valued attributes.
    func significance(_ a: AttributeColumn, g: Int, ref: Int, rates: GroupRates, se: Double) -> (String, Double) {
        let d = rates.rate(g) - rates.rate(ref)
        guard !a.probabilistic else { return ("weighted_z", se > 0 ? Normal.twoSided(d / se) : (d == 0 ? 1 : 0)) }
        let ng = rates.weight[g], nr = rates.weight[ref], sg = rates.outcome[g], sr = rates.outcome[ref]
        let pooled = (sg + sr) / (ng + nr)
        let expected = [ng * pooled, ng * (1 - pooled), nr * pooled, nr * (1 - pooled)]
        if expected.min()! < 5 {
            return ("fisher", FisherExact.twoSided(a: Int(sg.rounded()), b: Int((ng - sg).rounded()),
                                                   c: Int(sr.rounded()), d: Int((nr - sr).rounded())))
        }
        let se0 = (pooled * (1 - pooled) * (1 / ng + 1 / nr)).squareRoot()
        return ("z", se0 > 0 ? Normal.twoSided(d / se0) : 1)
    }
}

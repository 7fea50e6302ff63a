import Foundation

extension DisparityCalculator {
    /// One-sided p-value that the candidate's ratio is below production's minus the allowed worsening, on the same
    /// customers: the paired difference of log ratios, with the variance of the per-customer difference of their
    /// influence functions (both models saw the same customers, so their errors largely cancel).
    func worseningP(_ a: AttributeColumn, g: Int, ref: Int, y: (Int) -> Bool, rates: GroupRates,
                    production: [Int32], target: Int32, adverse: Bool, prod: GroupRates, productionAIR: Double,
                    air: Double) -> Double? {
        let bound = productionAIR - settings.worsening
        let rc = [rates.rate(g), rates.rate(ref)], rp = [prod.rate(g), prod.rate(ref)]
        guard bound > 0, rc.allSatisfy({ $0 > 0 }), rp.allSatisfy({ $0 > 0 }) else {
            // A ratio of zero (nobody in the group has the outcome) is as bad as it gets.
            return air < bound ? 0 : 1
        }
        let wg = rates.weight[g], wr = rates.weight[ref]
        var v = 0.0
        for i in 0..<a.customers {
            let yc = y(i) ? 1.0 : 0.0
            let yp = (production[i] == target) != adverse ? 1.0 : 0.0
            let ag = a.weight(i, g), ar = a.weight(i, ref)
            let psiC = ag * (yc - rc[0]) / (wg * rc[0]) - ar * (yc - rc[1]) / (wr * rc[1])
            let psiP = ag * (yp - rp[0]) / (wg * rp[0]) - ar * (yp - rp[1]) / (wr * rp[1])
            v += (psiC - psiP) * (psiC - psiP)
        }
        let delta = Foundation.log(air) - Foundation.log(productionAIR)
        let margin = Foundation.log(bound / productionAIR)
        guard v > 0 else { return delta < margin ? 0 : 1 }
        return Normal.cdf((delta - margin) / v.squareRoot())
    }

    /// Holm's correction across every judged cell, then the verdicts: fail when the ratio is below the threshold
    /// and significant (or significantly worse than production's), warn when below but not significant,
    /// inconclusive when the cell could not have detected a ratio at the threshold.
    public func finish(_ cells: [DisparityCell]) -> [DisparityCell] {
        var out = cells
        let tested = out.indices.filter { !out[$0].isReference && out[$0].verdict != .inconclusive && out[$0].pValue != nil }
        for (i, p) in zip(tested, Holm.adjust(tested.map { out[$0].pValue! })) { out[i].pHolm = p }
        let compared = tested.filter { out[$0].gated && out[$0].pWorse != nil }
        let worse = Holm.adjust(compared.map { out[$0].pWorse! })
        var pWorse = [Int: Double]()
        for (i, p) in zip(compared, worse) { pWorse[i] = p; out[i].pWorse = p }
        let t = settings.airThreshold, alpha = settings.alpha
        for i in tested {
            let c = out[i]
            let threshold = String(format: "%.2f", t)
            if c.air < t, let p = c.pHolm, p < alpha {
                out[i].verdict = .fail
                out[i].reason = "ratio \(String(format: "%.3f", c.air)) below \(threshold), significant (Holm p \(String(format: "%.2g", p)))"
            } else if let p = pWorse[i], p < alpha, let pa = c.productionAIR {
                out[i].verdict = .fail
                out[i].reason = "ratio \(String(format: "%.3f", c.air)) is significantly more than \(settings.worsening) below production's \(String(format: "%.3f", pa)) (Holm p \(String(format: "%.2g", p)))"
            } else if c.air < t {
                out[i].verdict = .warn
                out[i].reason = "ratio \(String(format: "%.3f", c.air)) below \(threshold), not significant (Holm p \(String(format: "%.2g", c.pHolm ?? 1)))"
            } else if let d = c.detectableAIR, d < t {
                out[i].verdict = .inconclusive
                out[i].reason = "too few customers to detect a ratio of \(threshold) (detects ≤ \(String(format: "%.2f", d)))"
            } else {
                out[i].verdict = .pass
                out[i].reason = "ratio \(String(format: "%.3f", c.air)) at or above \(threshold)"
            }
        }
        return out
    }
}

import Foundation

extension ProxyScan {
    static func scanGroup(_ a: AttributeColumn, group g: Int, x: FeatureMatrix, target: [Double],
                          featureNames: [String], settings: Settings) -> ProxyScan? {
        let n = x.rows, d = x.columns
        // Folds by a fixed scramble of the row index: deterministic, and not aligned with any ordering of the rows.
        let fold = (0..<n).map { i -> Int in
            var h = UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
            h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((h ^ (h >> 31)) % UInt64(settings.folds))
        }
        // One standardisation for every fit; the folds start from the full fit and run side by side.
        let standardizer = Standardizer(fitting: x)
        let full = BinaryLogistic(x: x, target: target, standardizer: standardizer)
        let folds = settings.folds
        let results = ResultSlots<(rows: [Int], scores: [Double])>(count: folds)
        DispatchQueue.concurrentPerform(iterations: folds) { k in
            let train = (0..<n).filter { fold[$0] != k }, test = (0..<n).filter { fold[$0] == k }
            guard !train.isEmpty, !test.isEmpty else { return }
            let model = BinaryLogistic(x: x.selecting(rows: train), target: train.map { target[$0] },
                                       standardizer: standardizer, start: full.coefficients)
            results.set(k, (test, model.probabilities(x.selecting(rows: test))))
        }
        var aucs = [Double]()
        var pooledScores = [Double](repeating: 0, count: n)
        for k in 0..<folds {
            guard let (test, scores) = results.get(k) else { continue }
            for (i, s) in zip(test, scores) { pooledScores[i] = s }
            if let auc = WeightedAUC.auc(scores: scores, target: test.map { target[$0] }) { aucs.append(auc) }
        }
        guard let auc = WeightedAUC.auc(scores: pooledScores, target: target) else { return nil }
        let smd = (0..<d).map { standardisedMeanDifference(x, column: $0, target: target) }
        let largest = full.coefficients.prefix(d).map(abs).max() ?? 0
        let features = (0..<d).map { j in
            let coefficient = full.coefficients[j]
            // A proxy alone (large SMD), or one of the features carrying a combined proxy (AUC at the threshold).
            let flagged = abs(smd[j]) >= settings.smd
                || (auc >= settings.auc && largest > 0 && abs(coefficient) >= largest / 2)
            return Feature(attribute: a.name, group: a.groups[g], feature: featureNames[j], smd: smd[j],
                           coefficient: coefficient, flagged: flagged)
        }.sorted { (abs($0.smd), $1.feature) > (abs($1.smd), $0.feature) }
        return ProxyScan(attribute: a.name, group: a.groups[g], rows: n, auc: auc, aucFolds: aucs, features: features)
    }

    /// Weighted means and variances of the members (weight p) and everyone else (weight 1 − p).
    static func standardisedMeanDifference(_ x: FeatureMatrix, column j: Int, target: [Double]) -> Double {
        var w1 = 0.0, s1 = 0.0, q1 = 0.0, w0 = 0.0, s0 = 0.0, q0 = 0.0
        for i in 0..<x.rows {
            let v = x.values[i * x.columns + j], p = target[i]
            w1 += p; s1 += p * v; q1 += p * v * v
            w0 += 1 - p; s0 += (1 - p) * v; q0 += (1 - p) * v * v
        }
        guard w1 > 0, w0 > 0 else { return 0 }
        let m1 = s1 / w1, m0 = s0 / w0
        let v1 = max(0, q1 / w1 - m1 * m1), v0 = max(0, q0 / w0 - m0 * m0)
        let pooled = ((v1 + v0) / 2).squareRoot()
        return pooled > 0 ? (m1 - m0) / pooled : 0
    }
}

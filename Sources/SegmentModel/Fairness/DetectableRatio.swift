import Foundation

/// The power side of the adverse-impact test: how small a ratio a cell of this size would reliably detect.
public enum DetectableRatio {
    /// The highest ratio q < 1 for which a two-proportion test at `alpha` (two-sided) has at least `power` when the
    /// group's true rate is q × `referenceRate`; 0 when not even q = 0 is detectable.
    public static func air(referenceRate p: Double, nReference: Double, nGroup: Double, alpha: Double,
                           power: Double) -> Double {
        guard p > 0, nReference > 0, nGroup > 0 else { return 0 }
        let zAlpha = Normal.quantile(1 - alpha / 2)
        func powerAt(_ q: Double) -> Double {
            let pg = q * p
            let se = (p * (1 - p) / nReference + pg * (1 - pg) / nGroup).squareRoot()
            guard se > 0 else { return q < 1 ? 1 : 0 }
            return Normal.cdf((p - pg) / se - zAlpha)
        }
        guard powerAt(0) >= power else { return 0 }
        var lo = 0.0, hi = 1.0  // power(lo) ≥ target > power(hi)
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            if powerAt(mid) >= power { lo = mid } else { hi = mid }
        }
        return lo
    }
}

import Foundation

/// Fisher's exact test of a 2×2 table, for cells too small for the normal approximation.
///
/// Table: `a` successes and `b` failures in the first group, `c` successes and `d` failures in the second. With the
/// margins fixed, `a` is hypergeometric; the two-sided p-value sums the probabilities of every table no more likely
/// than the one observed (the usual definition, as R's `fisher.test` and SciPy's `fisher_exact`).
public enum FisherExact {
    public static func twoSided(a: Int, b: Int, c: Int, d: Int) -> Double {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0)
        let row1 = a + b, col1 = a + c, n = a + b + c + d
        guard n > 0 else { return 1 }
        let lo = max(0, col1 - (n - row1)), hi = min(row1, col1)
        let observed = logProbability(a, row1: row1, col1: col1, n: n)
        var p = 0.0
        for x in lo...hi {
            let lp = logProbability(x, row1: row1, col1: col1, n: n)
            // A relative tolerance, as the reference implementations use, so ties with the observed table count.
            if lp <= observed + 1e-7 * abs(observed) + 1e-12 { p += Foundation.exp(lp) }
        }
        return min(1, p)
    }

    /// log P(A = x) for the hypergeometric with the given margins.
    static func logProbability(_ x: Int, row1: Int, col1: Int, n: Int) -> Double {
        logChoose(col1, x) + logChoose(n - col1, row1 - x) - logChoose(n, row1)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        Foundation.lgamma(Double(n + 1)) - Foundation.lgamma(Double(k + 1)) - Foundation.lgamma(Double(n - k + 1))
    }
}

import Foundation

/// McNemar's exact test for two classifiers scored on the same rows.
///
/// Only the discordant rows carry information: `b` rows where the first is right and the second wrong (or, for
/// harm, the first harmless and the second harmful), `c` the other way round. Under the null hypothesis that both
/// are equally good, each discordant row goes either way with probability ½, so `b ~ Binomial(b + c, ½)`.
public enum McNemar {
    /// One-sided exact p-value that the first is better: P(X ≥ b) for X ~ Binomial(b + c, ½). 1 when b + c = 0.
    public static func pFirstBetter(b: Int, c: Int) -> Double {
        binomialUpperTail(atLeast: b, trials: b + c)
    }

    /// P(X ≥ k) for X ~ Binomial(n, ½), summed in log space so it stays exact for tens of thousands of trials.
    public static func binomialUpperTail(atLeast k: Int, trials n: Int) -> Double {
        guard n > 0, k > 0 else { return 1 }
        guard k <= n else { return 0 }
        let logHalfN = Double(n) * Foundation.log(0.5)
        // log C(n, k) = Σⱼ₌₁…ₖ log((n − k + j) / j), then C(n, i + 1) = C(n, i) · (n − i) / (i + 1).
        var logChoose = 0.0
        for j in stride(from: 1, through: k, by: 1) { logChoose += Foundation.log(Double(n - k + j) / Double(j)) }
        var logTerms = [Double]()
        logTerms.reserveCapacity(n - k + 1)
        for i in k...n {
            logTerms.append(logChoose + logHalfN)
            if i < n { logChoose += Foundation.log(Double(n - i) / Double(i + 1)) }
        }
        let top = logTerms.max()!
        let sum = logTerms.reduce(0) { $0 + Foundation.exp($1 - top) }
        return min(1, Foundation.exp(top + Foundation.log(sum)))
    }
}

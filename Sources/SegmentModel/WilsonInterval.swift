/// The Wilson score interval for a binomial proportion.
///
/// Preferred over the normal approximation because it stays inside [0, 1] and behaves at small n and at rates near
/// 0 or 1 — exactly where guardrails on harm rates live.
public struct WilsonInterval: Sendable, Equatable, Codable {
    /// The two-sided 95% normal quantile.
    public static let z95 = 1.959963984540054

    public let successes: Int
    public let n: Int
    public let low: Double
    public let high: Double

    public init(successes: Int, n: Int, z: Double = WilsonInterval.z95) {
        precondition(successes >= 0 && successes <= n)
        self.successes = successes
        self.n = n
        guard n > 0 else {
            low = 0
            high = 1
            return
        }
        let nn = Double(n), p = Double(successes) / nn, z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        // At 0 or n successes the bound is exactly 0 or 1 (the formula gives it up to rounding).
        low = successes == 0 ? 0 : max(0, centre - half)
        high = successes == n ? 1 : min(1, centre + half)
    }

    public var proportion: Double { n > 0 ? Double(successes) / Double(n) : 0 }
    public var bounds: [Double] { [low, high] }
}

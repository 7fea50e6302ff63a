/// Holm's step-down adjustment for several tests at once: controls the chance of any false alarm among them
/// (family-wise error) without assuming the tests are independent.
public enum Holm {
    /// Adjusted p-values, in the order given: the k-th smallest is multiplied by (m − k + 1), made monotone, capped at 1.
    public static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }
}

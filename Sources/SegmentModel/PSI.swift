import Foundation

/// Population Stability Index, exactly as SegmentOps documents it so that an auditor can reproduce every figure.
///
/// - Edges: with n reference values sorted ascending, the distinct values among `sorted[floor(k·n/10)]`, k = 1…9.
/// - Bin of a value v: the number of edges e with e ≤ v — bins (−∞, e₁), [e₁, e₂), …, [e_last, +∞).
/// - Shares: count / rows of that sample, each floored at 1e-4, not renormalised.
/// - PSI = Σ over bins (current − reference) · ln(current / reference).
public enum PSI {
    public static let shareFloor = 1e-4
    public static let quantiles = 10

    /// The bin edges of a reference sample. Uses selection rather than a full sort: only nine order statistics
    /// are needed, which keeps a million-row reference well under a second for twelve features.
    public static func edges(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        let positions = (1..<quantiles).map { $0 * n / quantiles }
        var work = values
        var picked = [Double]()
        work.withUnsafeMutableBufferPointer { buffer in
            var lower = 0
            for position in positions {
                OrderStatistics.select(buffer, position, from: lower)
                picked.append(buffer[position])
                lower = position
            }
        }
        var edges = [Double]()
        for value in picked where edges.last != value { edges.append(value) }
        return edges
    }

    /// The bin index of `value`: how many edges are ≤ value.
    @inlinable
    public static func bin(of value: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Counts per bin (`edges.count + 1` bins).
    public static func counts(_ values: some Sequence<Double>, edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count + 1)
        for v in values { counts[bin(of: v, edges: edges)] += 1 }
        return counts
    }

    /// Counts per category index.
    public static func categoryCounts(_ categories: some Sequence<Int32>, categories k: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: k)
        for c in categories { counts[Int(c)] += 1 }
        return counts
    }

    /// Shares of a sample, each floored at 1e-4 and not renormalised.
    public static func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { total > 0 ? Swift.max(Double($0) / Double(total), shareFloor) : shareFloor }
    }

    /// One bin's contribution (current − reference) · ln(current / reference).
    public static func contribution(reference: Double, current: Double) -> Double {
        (current - reference) * Foundation.log(current / reference)
    }

    /// PSI of two share vectors of the same length.
    public static func value(reference: [Double], current: [Double]) -> Double {
        precondition(reference.count == current.count, "share vectors must have the same bins")
        var total = 0.0
        for i in reference.indices { total += contribution(reference: reference[i], current: current[i]) }
        return total
    }
}

/// Hoare-style selection with three-way partitioning, so ties (count features, dead features) stay linear.
enum OrderStatistics {
    /// Rearranges `buffer[lower...]` so that `buffer[k]` holds the value a full sort would put there, every
    /// element before k is ≤ it and every element after is ≥ it. Requires the prefix before `lower` to be ≤ the
    /// rest already (true after selecting a smaller k).
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, from lower: Int) {
        var lo = lower, hi = buffer.count - 1
        while lo < hi {
            let pivot = medianOfThree(buffer[lo], buffer[(lo + hi) / 2], buffer[hi])
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                let v = buffer[i]
                if v < pivot {
                    buffer.swapAt(lt, i); lt += 1; i += 1
                } else if v > pivot {
                    buffer.swapAt(i, gt); gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt - 1 } else if k > gt { lo = gt + 1 } else { return }
        }
    }

    static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}

/// Weighted assignment tallies of every group of one attribute, for one outcome indicator.
struct GroupRates {
    /// Σ w (customers in the group), Σ w·y (with the outcome), Σ w² (for the effective size).
    var weight: [Double]
    var outcome: [Double]
    var squares: [Double]

    init(_ a: AttributeColumn, outcome y: (Int) -> Bool, threshold: Double? = nil) {
        let k = a.groups.count
        weight = [Double](repeating: 0, count: k)
        outcome = weight
        squares = weight
        a.weights.withUnsafeBufferPointer { w in
            for i in 0..<a.customers {
                let hit = y(i)
                for g in 0..<k {
                    var v = w[i * k + g]
                    if let threshold { v = v >= threshold ? 1 : 0 }
                    guard v > 0 else { continue }
                    weight[g] += v
                    squares[g] += v * v
                    if hit { outcome[g] += v }
                }
            }
        }
    }

    func rate(_ g: Int) -> Double { weight[g] > 0 ? outcome[g] / weight[g] : 0 }

    /// Kish's effective sample size: (Σw)² / Σw², the number of independent customers the weights are worth.
    func effective(_ g: Int) -> Double { squares[g] > 0 ? weight[g] * weight[g] / squares[g] : 0 }

    /// The most favoured group: highest outcome rate among groups large enough to judge (all groups if none is).
    func reference(minSize: Double) -> Int {
        let sized = weight.indices.filter { effective($0) >= minSize }
        let pool = sized.isEmpty ? Array(weight.indices) : sized
        return pool.max { (rate($0), -$0) < (rate($1), -$1) }!
    }
}

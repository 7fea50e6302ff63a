import Foundation

/// The three-class log-loss and gradient of `SoftmaxObjective`, four rows at a time: each weight is loaded once for
/// four rows, the exponentials run side by side (`VectorExp`), and the gradient is summed per lane, then across
/// lanes at the end of the chunk — a fixed order, so results stay the same on any number of cores.
///
/// Scores are taken relative to the first class's (e^(z_c − z_0)); a block where some class scores 700 or more
/// above the first, or a value is not finite, is left to the one-row loop.
struct FourRowSoftmax {
    let x: UnsafePointer<Double>
    let y: UnsafePointer<Int32>
    let weights: UnsafePointer<Double>?
    let theta: UnsafePointer<Double>
    let columns: Int

    /// Adds the loss and gradient of whole blocks of four from the start of `rows`; `next` is the first row left.
    func accumulate(rows: Range<Int>, gradient: UnsafeMutablePointer<Double>, next: inout Int) -> Double {
        let d = columns
        let g = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: 3 * (d + 1))
        g.initialize(repeating: .zero, count: 3 * (d + 1))
        defer { g.deallocate() }
        var loss = SIMD4<Double>.zero
        var r = rows.lowerBound
        while r + 4 <= rows.upperBound, block(r, gradient: g, loss: &loss) { r += 4 }
        next = r
        for i in 0..<(3 * (d + 1)) { gradient[i] += g[i].sum() }
        return loss.sum()
    }

    /// One block of four rows starting at `r`; false (nothing added) when it needs the one-row loop.
    @inline(__always)
    private func block(_ r: Int, gradient g: UnsafeMutablePointer<SIMD4<Double>>, loss: inout SIMD4<Double>) -> Bool {
        let d = columns
        let x0 = x + r * d
        guard let (d1, d2) = VectorExp.threeSpreads(x0, d, theta, theta + 3 * d) else { return false }
        let e1 = VectorExp.exp(d1), e2 = VectorExp.exp(d2)
        let sum = SIMD4<Double>(repeating: 1) + e1 + e2
        let label = SIMD4<Double>(Double(y[r]), Double(y[r + 1]), Double(y[r + 2]), Double(y[r + 3]))
        let one = SIMD4<Double>(repeating: 1)
        let is1 = label .== 1, is2 = label .== 2
        let weight = weights.map { SIMD4($0[r], $0[r + 1], $0[r + 2], $0[r + 3]) } ?? one
        let labelLogit = SIMD4<Double>.zero.replacing(with: d1, where: is1).replacing(with: d2, where: is2)
        let logSum = SIMD4(Foundation.log(sum[0]), Foundation.log(sum[1]), Foundation.log(sum[2]), Foundation.log(sum[3]))
        loss += weight * (logSum - labelLogit)
        let inv = one / sum
        let residual0 = weight * (inv - SIMD4<Double>.zero.replacing(with: one, where: .!(is1 .| is2)))
        let residual1 = weight * (e1 * inv - SIMD4<Double>.zero.replacing(with: one, where: is1))
        let residual2 = weight * (e2 * inv - SIMD4<Double>.zero.replacing(with: one, where: is2))
        let g1 = g + d, g2 = g + 2 * d, gBias = g + 3 * d
        for j in 0..<d {
            let xj = SIMD4(x0[j], x0[d + j], x0[2 * d + j], x0[3 * d + j])
            g[j] += residual0 * xj
            g1[j] += residual1 * xj
            g2[j] += residual2 * xj
        }
        gBias[0] += residual0
        gBias[1] += residual1
        gBias[2] += residual2
        return true
    }
}

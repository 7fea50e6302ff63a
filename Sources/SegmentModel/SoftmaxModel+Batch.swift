import Dispatch

extension SoftmaxModel {
    /// Probabilities for every row, row-major (`rows × segments`), each row bit-for-bit what `probabilities(of:into:)`
    /// gives it. A three-segment model scores four rows at a time (one weight load for four rows, their exponentials
    /// side by side); large batches are split across the cores.
    public func probabilities(_ matrix: FeatureMatrix) -> [Double] {
        precondition(matrix.columns == features.count)
        let rows = matrix.rows, k = segments.count
        var out = [Double](repeating: 0, count: rows * k)
        let parts = rows >= 8_192 ? 16 : 1
        let partSize = ((rows + parts - 1) / parts + 3) / 4 * 4
        matrix.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                guard let xBase = x.baseAddress, let oBase = o.baseAddress else { return }
                let xs = SendablePointer(xBase), os = SendableMutablePointer(oBase)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let start = part * partSize, end = min(rows, start + partSize)
                    if start < end { score(rows: start..<end, x: xs.pointer, out: os.pointer) }
                }
            }
        }
        return out
    }

    private func score(rows: Range<Int>, x: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>) {
        let k = segments.count, d = features.count
        foldedWeights { w, bias in
            for r in stride(from: rows.lowerBound, to: rows.upperBound, by: 4) {
                if k == 3, r + 4 <= rows.upperBound, scoreFour(x + r * d, d, w, bias, out + r * k) { continue }
                for i in r..<min(r + 4, rows.upperBound) { scoreRow(x + i * d, out + i * k) }
            }
        }
    }

    /// Four rows of a three-segment model by the operations of `scoreRow`, lane by lane; false (nothing written) when
    /// a row needs `scoreRow`'s other path (a segment's score 700 or more above the first's, or not finite).
    @inline(__always)
    private func scoreFour(_ x: UnsafePointer<Double>, _ d: Int, _ w: UnsafePointer<Double>, _ bias: UnsafePointer<Double>,
                           _ out: UnsafeMutablePointer<Double>) -> Bool {
        guard let (d1, d2) = VectorExp.threeSpreads(x, d, w, bias) else { return false }
        let e1 = VectorExp.exp(d1), e2 = VectorExp.exp(d2)
        let inv = 1 / (SIMD4<Double>(repeating: 1) + e1 + e2)
        let p1 = e1 * inv, p2 = e2 * inv
        for i in 0..<4 {
            out[3 * i] = inv[i]; out[3 * i + 1] = p1[i]; out[3 * i + 2] = p2[i]
        }
        return true
    }
}

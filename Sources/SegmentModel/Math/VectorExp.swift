/// e^x for four lanes — the one exponential of scoring and training (`Double.exp` uses one lane) — in pure
/// arithmetic (no library call), so the loops stay vectorised and every lane gets the same bits. Concrete, not
/// generic over the vector type: debug builds compile file by file, where a generic would run unspecialised.
///
/// x = n·ln2 + r with |r| ≤ ln2/2 (n rounded to nearest by the 1.5·2⁵² trick, ln2 split in a high and a low part as
/// in fdlibm), e^r by its Taylor polynomial to r¹³ (truncation below 10⁻¹⁷), 2ⁿ built from its bits. For arguments
/// below 700 (`SoftmaxModel.spreadLimit`), where 2ⁿ needs one scaling step; at −708 and below the result (subnormal
/// or zero) is 0.
enum VectorExp {
    @inline(__always)
    static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let underflow = x .<= -708
        guard !any(underflow) else { return exp(x.replacing(with: -707, where: underflow)).replacing(with: 0, where: underflow) }
        let shift = SIMD4<Double>(repeating: 6_755_399_441_055_744.0)
        let t = x * 1.442_695_040_888_963_4 + shift
        let n = t - shift
        let r = (x - n * 6.931_471_803_691_238_164_90e-01) - n * 1.908_214_929_270_587_700_02e-10
        // Taylor to r¹³ by Estrin's scheme: independent pairs, so the chain is five steps deep, not thirteen.
        let r2 = r * r, r4 = r2 * r2
        let a0 = 1 + r, a1 = 0.5 + r * (1.0 / 6), a2 = 1.0 / 24 + r * (1.0 / 120), a3 = 1.0 / 720 + r * (1.0 / 5_040)
        let a4 = 1.0 / 40_320 + r * (1.0 / 362_880), a5 = 1.0 / 3_628_800 + r * (1.0 / 39_916_800)
        let a6 = 1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)
        let b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5
        let p = (b0 + r4 * b1) + (r4 * r4) * (b2 + r4 * a6)
        // t's low bits hold n (|n| < 2⁵¹ under the 1.5·2⁵² shift): 2ⁿ is (n + 1023) in the exponent field.
        let integer = unsafeBitCast(t, to: SIMD4<Int64>.self) &- Int64(bitPattern: shift[0].bitPattern)
        return p * unsafeBitCast((integer &+ 1023) &<< 52, to: SIMD4<Double>.self)
    }

    /// The scores of four rows (row-major from `x`, `d` features) for three segments with weights `w` (3 × d,
    /// row-major) and `bias`, as the second's and the third's minus the first's; nil when any is 700 or more or not
    /// finite (then the one-row path takes them relative to the largest).
    @inline(__always)
    static func threeSpreads(_ x: UnsafePointer<Double>, _ d: Int, _ w: UnsafePointer<Double>,
                             _ bias: UnsafePointer<Double>) -> (SIMD4<Double>, SIMD4<Double>)? {
        var z0 = SIMD4(repeating: bias[0]), z1 = SIMD4(repeating: bias[1]), z2 = SIMD4(repeating: bias[2])
        let w1 = w + d, w2 = w1 + d
        for j in 0..<d {
            let xj = SIMD4(x[j], x[d + j], x[2 * d + j], x[3 * d + j])
            z0 += SIMD4(repeating: w[j]) * xj
            z1 += SIMD4(repeating: w1[j]) * xj
            z2 += SIMD4(repeating: w2[j]) * xj
        }
        let d1 = z1 - z0, d2 = z2 - z0
        guard all(d1 .< SoftmaxModel.spreadLimit), all(d2 .< SoftmaxModel.spreadLimit) else { return nil }
        return (d1, d2)
    }
}

import Foundation

extension Double {
    /// e^self, accurate to a couple of units in the last place, in pure arithmetic (no library call) so the
    /// scoring and training loops stay inlined and vectorisable.
    ///
    /// x = n·ln2 + r with |r| ≤ ln2/2 (n rounded to nearest by the 1.5·2⁵² trick, ln2 split in a high and a low
    /// part as in fdlibm), e^r by its Taylor polynomial to r¹³ (truncation below 10⁻¹⁷, Estrin's scheme), scaled by 2ⁿ built from
    /// its bits. Below −708 the result (subnormal or zero) is returned as 0; above 709.78 it is +∞.
    @inlinable var exp: Double {
        let x = self
        guard x > -708 else { return x.isNaN ? x : 0 }
        guard x < 709.78 else { return .infinity }
        let shift = 6_755_399_441_055_744.0
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
        // n ∈ [−1022, 1024]: 2ⁿ in two steps so n = 1024 (e^709.78…) does not overflow the exponent field.
        let half = Int64(n) >> 1
        let a = Double(bitPattern: UInt64(half + 1023) << 52)
        let b = Double(bitPattern: UInt64(Int64(n) - half + 1023) << 52)
        return p * a * b
    }

    /// ln(self), with probabilities floored at 1e-15 so a confident mistake costs a large but finite loss
    /// (scikit-learn's `log_loss` clips the same way).
    @inlinable var clampedLog: Double { Foundation.log(Swift.max(self, 1e-15)) }
}

import Foundation

extension Double {
    /// e^self: `VectorExp` in one lane below 700 (every caller: scores minus a reference score), the C library's
    /// above.
    @inline(__always) var exp: Double {
        guard self < 700 else { return Foundation.exp(self) }
        return VectorExp.exp(SIMD4(repeating: self))[0]
    }

    /// ln(self), with probabilities floored at 1e-15 so a confident mistake costs a large but finite loss
    /// (scikit-learn's `log_loss` clips the same way).
    @inlinable var clampedLog: Double { Foundation.log(Swift.max(self, 1e-15)) }
}

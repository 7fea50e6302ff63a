import Foundation

extension Double {
    /// e^self.
    @inlinable var exp: Double { Foundation.exp(self) }

    /// ln(self), with probabilities floored at 1e-15 so a confident mistake costs a large but finite loss
    /// (scikit-learn's `log_loss` clips the same way).
    @inlinable var clampedLog: Double { Foundation.log(Swift.max(self, 1e-15)) }
}

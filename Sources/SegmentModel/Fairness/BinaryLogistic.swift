import Foundation

/// Logistic regression of a soft target (a membership probability, or 0/1) on standardised features, fitted by
/// Newton's method (iteratively reweighted least squares) with a light ridge: a dozen features converge in a few
/// passes, so the proxy scan can cross-validate it on a hundred thousand customers in a fraction of a second.
public struct BinaryLogistic: Sendable {
    public let standardizer: Standardizer
    /// Coefficients per standardised feature, then the intercept.
    public let coefficients: [Double]

    /// - Parameters: `x` the rows, `target` P(member) per row, `ridge` the L2 penalty on the coefficients;
    ///   `standardizer` to share one across fits (default: fitted on `x`), `start` coefficients to start Newton from
    ///   (a fit on overlapping rows converges in a pass or two from there).
    public init(x: FeatureMatrix, target: [Double], ridge: Double = 1e-3, maxIterations: Int = 30,
                standardizer shared: Standardizer? = nil, start: [Double]? = nil) {
        precondition(target.count == x.rows)
        standardizer = shared ?? Standardizer(fitting: x)
        let z = standardizer.transform(x)
        let d = x.columns, m = d + 1
        var beta = start ?? [Double](repeating: 0, count: m)
        precondition(beta.count == m)
        for _ in 0..<maxIterations {
            var (gradient, hessian) = BinaryLogistic.newtonTerms(z, target: target, beta: beta)
            for j in 0..<m {
                for l in 0..<j { hessian[l * m + j] = hessian[j * m + l] }
                if j < d {
                    gradient[j] -= ridge * beta[j]
                    hessian[j * m + j] += ridge
                }
            }
            guard let step = Cholesky.solve(hessian, gradient, size: m) else { break }
            for j in 0..<m { beta[j] += step[j] }
            if step.map(abs).max()! < 1e-6 { break }
        }
        coefficients = beta
    }

    /// Gradient and lower triangle of the Hessian of the log-likelihood at `beta` (rows of `z`, then a 1).
    static func newtonTerms(_ z: FeatureMatrix, target: [Double], beta: [Double]) -> ([Double], [Double]) {
        let d = z.columns, m = d + 1
        var gradient = [Double](repeating: 0, count: m)
        var hessian = [Double](repeating: 0, count: m * m)
        var row = [Double](repeating: 1, count: m)
        z.values.withUnsafeBufferPointer { v in
            row.withUnsafeMutableBufferPointer { r in
                gradient.withUnsafeMutableBufferPointer { g in
                    hessian.withUnsafeMutableBufferPointer { h in
                        for i in 0..<z.rows {
                            var eta = beta[d]
                            for j in 0..<d {
                                r[j] = v[i * d + j]
                                eta += r[j] * beta[j]
                            }
                            let p = 1 / (1 + Foundation.exp(-eta))
                            let residual = target[i] - p, w = max(p * (1 - p), 1e-12)
                            for j in 0..<m {
                                g[j] += r[j] * residual
                                let wj = w * r[j]
                                for l in 0...j { h[j * m + l] += wj * r[l] }
                            }
                        }
                    }
                }
            }
        }
        return (gradient, hessian)
    }

    /// P(member) per row.
    public func probabilities(_ x: FeatureMatrix) -> [Double] {
        let z = standardizer.transform(x), d = x.columns
        return (0..<x.rows).map { i in
            var eta = coefficients[d]
            for j in 0..<d { eta += z.values[i * d + j] * coefficients[j] }
            return 1 / (1 + Foundation.exp(-eta))
        }
    }
}

/// Solves a small symmetric positive-definite system.
enum Cholesky {
    /// x with A x = b (`a` row-major size × size), or nil when A is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}

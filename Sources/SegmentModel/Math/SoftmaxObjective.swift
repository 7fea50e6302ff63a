import Dispatch
import Foundation

/// The regularised multinomial log-loss of a softmax regression, and its gradient.
///
/// Parameters are one flat vector: `classes × columns` weights (row k holds class k) followed by `classes`
/// intercepts. The objective is the one scikit-learn's `LogisticRegression(C=1/l2)` minimises, scaled by 1/n:
///
///     f(θ) = (1/n) Σᵢ wᵢ · −log softmax(W xᵢ + b)[yᵢ]  +  (l2 / 2n) ‖W‖²      (intercepts are not penalised)
///
/// Row weights wᵢ (scikit-learn's `sample_weight`) are 1 unless given; recency-weighted challengers pass weights
/// scaled to average 1, so the penalty keeps the same meaning.
///
/// Rows are split into a fixed number of chunks whose partial sums are added in chunk order, so the result is
/// bit-for-bit the same whatever the number of cores or the scheduling of threads.
public struct SoftmaxObjective: Sendable {
    public let data: FeatureMatrix
    public let labels: [Int32]
    public let classes: Int
    public let l2: Double
    /// One weight per row, or nil for all 1.
    public let weights: [Double]?

    static let chunkCount = 16

    public init(data: FeatureMatrix, labels: [Int32], classes: Int, l2: Double, weights: [Double]? = nil) {
        precondition(data.rows == labels.count && data.rows > 0)
        precondition(weights == nil || weights!.count == labels.count)
        self.data = data
        self.labels = labels
        self.classes = classes
        self.l2 = l2
        self.weights = weights
    }

    public var parameterCount: Int { classes * (data.columns + 1) }

    /// Returns the objective at `theta` and writes its gradient into `gradient`.
    public func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
        let n = data.rows, d = data.columns, k = classes
        let p = parameterCount
        let chunks = min(SoftmaxObjective.chunkCount, n)
        let chunkSize = (n + chunks - 1) / chunks
        var partialLoss = [Double](repeating: 0, count: chunks)
        var partialGrad = [Double](repeating: 0, count: chunks * p)

        partialLoss.withUnsafeMutableBufferPointer { lossOut in
            partialGrad.withUnsafeMutableBufferPointer { gradOut in
                let lossBase = lossOut.baseAddress!, gradBase = gradOut.baseAddress!
                data.values.withUnsafeBufferPointer { x in
                    labels.withUnsafeBufferPointer { y in
                        theta.withUnsafeBufferPointer { t in
                            (weights ?? []).withUnsafeBufferPointer { w in
                                let xs = SendablePointer(x.baseAddress!), ys = SendablePointer(y.baseAddress!)
                                let ts = SendablePointer(t.baseAddress!)
                                let ws = weights == nil ? nil : w.baseAddress.map { SendablePointer($0) }
                                let lo = SendableMutablePointer(lossBase), go = SendableMutablePointer(gradBase)
                                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                                    let start = c * chunkSize, end = min(n, start + chunkSize)
                                    guard start < end else { return }
                                    lo.pointer[c] = SoftmaxObjective.accumulate(
                                        x: xs.pointer, y: ys.pointer, weights: ws?.pointer, theta: ts.pointer,
                                        rows: start..<end, columns: d, classes: k, gradient: go.pointer + c * p)
                                }
                            }
                        }
                    }
                }
            }
        }

        var loss = 0.0
        for c in 0..<chunks { loss += partialLoss[c] }
        if gradient.count != p { gradient = [Double](repeating: 0, count: p) }
        for i in 0..<p {
            var g = 0.0
            for c in 0..<chunks { g += partialGrad[c * p + i] }
            gradient[i] = g
        }
        let invN = 1.0 / Double(n)
        var penalty = 0.0
        for i in 0..<(k * d) {
            penalty += theta[i] * theta[i]
            gradient[i] = (gradient[i] + l2 * theta[i]) * invN
        }
        for i in (k * d)..<p { gradient[i] *= invN }
        return (loss + 0.5 * l2 * penalty) * invN
    }

    /// Sums the log-loss of `rows` and adds their gradient into `gradient` (which starts zeroed). Three classes go
    /// four rows at a time (`FourRowSoftmax`); the rows it leaves, and other class counts, one at a time here.
    static func accumulate(x: UnsafePointer<Double>, y: UnsafePointer<Int32>, weights: UnsafePointer<Double>?,
                           theta: UnsafePointer<Double>, rows: Range<Int>, columns d: Int, classes k: Int,
                           gradient: UnsafeMutablePointer<Double>) -> Double {
        var loss = 0.0
        var next = rows.lowerBound
        if k == 3 {
            let four = FourRowSoftmax(x: x, y: y, weights: weights, theta: theta, columns: d)
            loss = four.accumulate(rows: rows, gradient: gradient, next: &next)
        }
        let z = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { z.deallocate() }
        let bias = theta + k * d
        let gBias = gradient + k * d
        for r in next..<rows.upperBound {
            let row = x + r * d
            var maxZ = -Double.infinity
            for c in 0..<k {
                let w = theta + c * d
                var s = bias[c]
                for j in 0..<d { s += w[j] * row[j] }
                z[c] = s
                if s > maxZ { maxZ = s }
            }
            let label = Int(y[r])
            let labelLogit = z[label] - maxZ
            var sum = 0.0
            for c in 0..<k {
                z[c] = (z[c] - maxZ).exp
                sum += z[c]
            }
            let weight = weights?[r] ?? 1
            loss += weight * (Foundation.log(sum) - labelLogit)
            let inv = 1.0 / sum
            for c in 0..<k {
                let residual = weight * (z[c] * inv - (c == label ? 1 : 0))
                let g = gradient + c * d
                for j in 0..<d { g[j] += residual * row[j] }
                gBias[c] += residual
            }
        }
        return loss
    }
}

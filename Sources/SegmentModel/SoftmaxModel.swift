/// A fitted softmax regression: standardiser, per-segment weights on standardised features and intercepts.
///
/// Scoring folds the standardiser into the weights once (`w/scale`, `b − Σ w·mean/scale`), so one row costs
/// `segments × features` multiply-adds and `segments` exponentials.
public struct SoftmaxModel: Sendable, Equatable {
    public let features: [String]
    public let segments: [String]
    public let standardizer: Standardizer
    /// `weights[k][j]`: weight of feature j (standardised) for segment k.
    public let weights: [[Double]]
    public let intercepts: [Double]

    private let folded: [Double]
    private let foldedBias: [Double]

    public init(features: [String], segments: [String], standardizer: Standardizer, weights: [[Double]],
                intercepts: [Double]) {
        precondition(weights.count == segments.count && intercepts.count == segments.count)
        precondition(weights.allSatisfy { $0.count == features.count })
        precondition(standardizer.mean.count == features.count)
        self.features = features
        self.segments = segments
        self.standardizer = standardizer
        self.weights = weights
        self.intercepts = intercepts
        var folded = [Double](), bias = [Double]()
        for k in segments.indices {
            var b = intercepts[k]
            for j in features.indices {
                folded.append(weights[k][j] / standardizer.scale[j])
                b -= weights[k][j] * standardizer.mean[j] / standardizer.scale[j]
            }
            bias.append(b)
        }
        self.folded = folded
        self.foldedBias = bias
    }

    public static func == (lhs: SoftmaxModel, rhs: SoftmaxModel) -> Bool {
        lhs.features == rhs.features && lhs.segments == rhs.segments && lhs.standardizer == rhs.standardizer
            && lhs.weights == rhs.weights && lhs.intercepts == rhs.intercepts
    }

    /// Writes the segment probabilities of one row (raw, unstandardised features) into `out`.
    @inlinable
    public func probabilities(of row: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        scoreRow(row.baseAddress!, out.baseAddress!)
    }

    /// Scores are taken relative to the first segment's (e^(z_c − z_0), the first is 1) unless some segment's is
    /// `spreadLimit` or more above it, where e^(z_c − z_0) would overflow and they are taken relative to the largest.
    @usableFromInline static let spreadLimit = 700.0

    @usableFromInline
    func scoreRow(_ row: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let k = segments.count, d = features.count
        folded.withUnsafeBufferPointer { w in
            var maxZ = -Double.infinity
            for c in 0..<k {
                var s = foldedBias[c]
                let wc = w.baseAddress! + c * d
                for j in 0..<d { s += wc[j] * row[j] }
                out[c] = s
                if s > maxZ { maxZ = s }
            }
            let reference = maxZ - out[0] < SoftmaxModel.spreadLimit ? out[0] : maxZ
            // The exponentials four at a time (lanes past k are e^0, unused), as the batch path computes them.
            var sum = 0.0
            for c0 in stride(from: 0, to: k, by: 4) {
                var lanes = SIMD4<Double>.zero
                for c in c0..<min(k, c0 + 4) { lanes[c - c0] = out[c] - reference }
                let e = VectorExp.exp(lanes)
                for c in c0..<min(k, c0 + 4) {
                    out[c] = e[c - c0]  // e^0 is exactly 1
                    sum += out[c]
                }
            }
            let inv = 1 / sum
            for c in 0..<k { out[c] *= inv }
        }
    }

    /// Probabilities for one row given as an array in feature order.
    public func probabilities(_ row: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: segments.count)
        row.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { o in scoreRow(r.baseAddress!, o.baseAddress!) } }
        return out
    }

    /// The folded weights (`segments × features`, row-major) and biases, for the batch path.
    func foldedWeights<R>(_ body: (UnsafePointer<Double>, UnsafePointer<Double>) -> R) -> R {
        folded.withUnsafeBufferPointer { w in foldedBias.withUnsafeBufferPointer { b in body(w.baseAddress!, b.baseAddress!) } }
    }
}

/// One scored row: probabilities in segment order, the most likely segment and its margin over the runner-up.
public struct SegmentScore: Sendable, Equatable {
    public let probabilities: [Double]
    public let segment: Int
    public let margin: Double

    public init(probabilities: [Double]) {
        var best = 0, second = -1
        for i in probabilities.indices.dropFirst() {
            if probabilities[i] > probabilities[best] {
                second = best
                best = i
            } else if second < 0 || probabilities[i] > probabilities[second] {
                second = i
            }
        }
        self.probabilities = probabilities
        self.segment = best
        self.margin = probabilities[best] - (second >= 0 ? probabilities[second] : 0)
    }
}

extension SoftmaxModel {
    public func score(_ row: [Double]) -> SegmentScore { SegmentScore(probabilities: probabilities(row)) }

    /// The argmax segment of every row.
    public func predictions(_ matrix: FeatureMatrix) -> [Int32] {
        let k = segments.count
        let p = probabilities(matrix)
        return (0..<matrix.rows).map { r in
            var best = 0
            for c in 1..<k where p[r * k + c] > p[r * k + best] { best = c }
            return Int32(best)
        }
    }
}

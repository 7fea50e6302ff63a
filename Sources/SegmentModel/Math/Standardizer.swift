/// Per-feature mean and scale (population standard deviation) learned from training rows.
///
/// A feature with zero spread keeps scale 1, so a dead feature standardises to 0 instead of dividing by zero
/// (scikit-learn's StandardScaler does the same).
public struct Standardizer: Sendable, Equatable, Codable {
    public let mean: [Double]
    public let scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        precondition(mean.count == scale.count)
        self.mean = mean
        self.scale = scale
    }

    public init(fitting matrix: FeatureMatrix) {
        let d = matrix.columns
        let n = matrix.rows
        var sum = [Double](repeating: 0, count: d)
        matrix.values.withUnsafeBufferPointer { v in
            for r in 0..<n { for j in 0..<d { sum[j] += v[r * d + j] } }
        }
        let mean = sum.map { n > 0 ? $0 / Double(n) : 0 }
        var squares = [Double](repeating: 0, count: d)
        matrix.values.withUnsafeBufferPointer { v in
            for r in 0..<n {
                for j in 0..<d {
                    let delta = v[r * d + j] - mean[j]
                    squares[j] += delta * delta
                }
            }
        }
        let scale = squares.map { s -> Double in
            let sd = n > 0 ? (s / Double(n)).squareRoot() : 0
            return sd > 1e-12 ? sd : 1
        }
        self.init(mean: mean, scale: scale)
    }

    public func transform(_ matrix: FeatureMatrix) -> FeatureMatrix {
        let d = matrix.columns
        var out = matrix.values
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<o.count {
                let j = i % d
                o[i] = (o[i] - mean[j]) / scale[j]
            }
        }
        return FeatureMatrix(columns: d, values: out)
    }
}

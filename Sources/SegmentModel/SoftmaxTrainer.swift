/// Fits a multinomial logistic regression with L2 regularisation on standardised features by L-BFGS.
public struct SoftmaxTrainer: Sendable {
    public struct Options: Sendable, Equatable {
        /// Inverse of scikit-learn's C: the penalty is (l2/2)‖W‖² on the summed log-loss.
        public var l2: Double = 1.0
        public var optimizer = LBFGS.Options()
        public init() {}
    }

    public struct Fit: Sendable {
        public let model: SoftmaxModel
        public let iterations: Int
        public let evaluations: Int
        public let objective: Double
        public let gradientNorm: Double
        public let stop: LBFGS.Stop
        public var converged: Bool { stop == .gradientTolerance || stop == .noImprovement }
    }

    public enum FitError: Error, Equatable, CustomStringConvertible {
        case noRows
        case labelOutOfRange(row: Int, label: Int32)

        public var description: String {
            switch self {
            case .noRows: "no labelled rows to train on"
            case .labelOutOfRange(let row, let label): "row \(row) has label index \(label), outside the segment list"
            }
        }
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// - Parameter weights: one weight per row (scaled here to average 1), or nil for an unweighted fit.
    public func fit(_ data: LabelledData, features: [String], segments: [String], weights: [Double]? = nil) throws -> Fit {
        guard data.count > 0 else { throw FitError.noRows }
        if let bad = data.labels.firstIndex(where: { $0 < 0 || Int($0) >= segments.count }) {
            throw FitError.labelOutOfRange(row: bad, label: data.labels[bad])
        }
        let standardizer = Standardizer(fitting: data.features)
        let scaled = standardizer.transform(data.features)
        let normalized = weights.map { w -> [Double] in
            let mean = w.reduce(0, +) / Double(max(w.count, 1))
            return w.map { $0 / mean }
        }
        let objective = SoftmaxObjective(data: scaled, labels: data.labels, classes: segments.count, l2: options.l2,
                                         weights: normalized)
        let start = [Double](repeating: 0, count: objective.parameterCount)
        let result = LBFGS(options: options.optimizer).minimize(start: start) { theta, gradient in
            objective.evaluate(theta, gradient: &gradient)
        }
        let d = features.count, k = segments.count
        let weights = (0..<k).map { c in Array(result.x[(c * d)..<((c + 1) * d)]) }
        let intercepts = Array(result.x[(k * d)..<(k * d + k)])
        let model = SoftmaxModel(features: features, segments: segments, standardizer: standardizer,
                                 weights: weights, intercepts: intercepts)
        return Fit(model: model, iterations: result.iterations, evaluations: result.evaluations,
                   objective: result.value, gradientNorm: result.gradientNorm, stop: result.stop)
    }
}

import Foundation

/// The versioned JSON document that *is* a model version: everything needed to score, explain and monitor it.
///
/// Encoded with sorted keys, so the same fit gives the same bytes and the same SHA-256.
public struct ModelArtifact: Sendable, Equatable, Codable {
    public static let currentFormat = 1

    public struct Scaler: Sendable, Equatable, Codable {
        public let mean: [String: Double]
        public let scale: [String: Double]
    }

    public struct Training: Sendable, Equatable, Codable {
        public let window: DayRange
        public let trainWindow: DayRange
        public let holdoutWindow: DayRange
        public let trainRows: Int
        public let holdoutRows: Int
        /// SHA-256 over the training and holdout rows in key order.
        public let fingerprint: String
        public let l2: Double
        public let iterations: Int
        public let converged: Bool
        /// How it was trained (absent in artifacts from before challengers: the standard recipe).
        public let recipe: TrainingRecipe?
        /// Only labels known by this day were used (absent: every label stored at training time).
        public let labelsKnownBy: Day?

        enum CodingKeys: String, CodingKey {
            case window, fingerprint, l2, iterations, converged, recipe
            case labelsKnownBy = "labels_known_by"
            case trainWindow = "train_window"
            case holdoutWindow = "holdout_window"
            case trainRows = "train_rows"
            case holdoutRows = "holdout_rows"
        }

        public init(window: DayRange, trainWindow: DayRange, holdoutWindow: DayRange, trainRows: Int,
                    holdoutRows: Int, fingerprint: String, l2: Double, iterations: Int, converged: Bool,
                    recipe: TrainingRecipe? = nil, labelsKnownBy: Day? = nil) {
            self.window = window
            self.trainWindow = trainWindow
            self.holdoutWindow = holdoutWindow
            self.trainRows = trainRows
            self.holdoutRows = holdoutRows
            self.fingerprint = fingerprint
            self.l2 = l2
            self.iterations = iterations
            self.converged = converged
            self.recipe = recipe
            self.labelsKnownBy = labelsKnownBy
        }

        /// The recipe, the standard one for artifacts that predate recipes.
        public var recipeName: String { recipe?.name ?? "standard" }
    }

    public let formatVersion: Int
    public let features: [String]
    public let segments: [String]
    public let scaler: Scaler
    /// `coefficients[segment][feature]` on standardised features.
    public let coefficients: [String: [String: Double]]
    public let intercepts: [String: Double]
    public let harmPairs: [[String]]
    public let training: Training
    public let metrics: MetricsReport
    public let reference: ReferenceProfile

    enum CodingKeys: String, CodingKey {
        case features, segments, scaler, coefficients, intercepts, training, metrics, reference
        case formatVersion = "format_version"
        case harmPairs = "harm_pairs"
    }

    public init(model: SoftmaxModel, harmPairs: [[String]], training: Training, metrics: MetricsReport,
                reference: ReferenceProfile) {
        formatVersion = ModelArtifact.currentFormat
        features = model.features
        segments = model.segments
        scaler = Scaler(mean: Dictionary(uniqueKeysWithValues: zip(model.features, model.standardizer.mean)),
                        scale: Dictionary(uniqueKeysWithValues: zip(model.features, model.standardizer.scale)))
        var coefficients = [String: [String: Double]]()
        for (k, segment) in model.segments.enumerated() {
            coefficients[segment] = Dictionary(uniqueKeysWithValues: zip(model.features, model.weights[k]))
        }
        self.coefficients = coefficients
        intercepts = Dictionary(uniqueKeysWithValues: zip(model.segments, model.intercepts))
        self.harmPairs = harmPairs
        self.training = training
        self.metrics = metrics
        self.reference = reference
    }

    public enum DecodeError: Error, CustomStringConvertible {
        case unsupportedFormat(Int)
        case incomplete(String)
        public var description: String {
            switch self {
            case .unsupportedFormat(let v):
                "artifact format_version \(v) is not supported by this segmentops (it reads \(ModelArtifact.currentFormat)); upgrade segmentops"
            case .incomplete(let what): "artifact is incomplete: \(what)"
            }
        }
    }

    /// The scoring model this artifact describes.
    public func model() throws -> SoftmaxModel {
        guard formatVersion == ModelArtifact.currentFormat else { throw DecodeError.unsupportedFormat(formatVersion) }
        func value(_ table: [String: Double], _ key: String, _ what: String) throws -> Double {
            guard let v = table[key] else { throw DecodeError.incomplete("\(what) has no entry for '\(key)'") }
            return v
        }
        let mean = try features.map { try value(scaler.mean, $0, "scaler.mean") }
        let scale = try features.map { try value(scaler.scale, $0, "scaler.scale") }
        let weights = try segments.map { segment -> [Double] in
            guard let row = coefficients[segment] else { throw DecodeError.incomplete("no coefficients for '\(segment)'") }
            return try features.map { try value(row, $0, "coefficients.\(segment)") }
        }
        let intercepts = try segments.map { try value(self.intercepts, $0, "intercepts") }
        return SoftmaxModel(features: features, segments: segments,
                            standardizer: Standardizer(mean: mean, scale: scale), weights: weights,
                            intercepts: intercepts)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> ModelArtifact {
        try JSONDecoder().decode(ModelArtifact.self, from: data)
    }
}

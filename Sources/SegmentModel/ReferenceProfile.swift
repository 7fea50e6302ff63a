import Dispatch

/// The training-time picture a version is monitored against, frozen with the version.
///
/// Per feature: the PSI bin edges and the reference counts and (floored) shares from the version's training rows.
/// Segment mix: the shares of the version's predicted segment (argmax) on those rows.
public struct ReferenceProfile: Sendable, Equatable, Codable {
    public struct Feature: Sendable, Equatable, Codable {
        public let name: String
        public let edges: [Double]
        public let counts: [Int]
        public let shares: [Double]
    }

    public struct SegmentMix: Sendable, Equatable, Codable {
        public let segments: [String]
        public let counts: [Int]
        public let shares: [Double]
    }

    public let rows: Int
    public let features: [Feature]
    public let segmentMix: SegmentMix

    enum CodingKeys: String, CodingKey {
        case rows, features
        case segmentMix = "segment_mix"
    }

    public init(rows: Int, features: [Feature], segmentMix: SegmentMix) {
        self.rows = rows
        self.features = features
        self.segmentMix = segmentMix
    }

    /// Freezes the profile of `matrix` (training rows) with `model`'s predictions on them.
    public init(training matrix: FeatureMatrix, featureNames: [String], model: SoftmaxModel) {
        // Features are independent: profile them in parallel (each writes only its own slot).
        var slots = [Feature?](repeating: nil, count: featureNames.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let out = SendableMutablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: featureNames.count) { j in
                let column = matrix.column(j)
                let edges = PSI.edges(column)
                let counts = PSI.counts(column, edges: edges)
                out.pointer[j] = Feature(name: featureNames[j], edges: edges, counts: counts, shares: PSI.shares(counts))
            }
        }
        let features = slots.map { $0! }
        let predicted = model.predictions(matrix)
        let mixCounts = PSI.categoryCounts(predicted, categories: model.segments.count)
        self.init(rows: matrix.rows, features: features,
                  segmentMix: SegmentMix(segments: model.segments, counts: mixCounts, shares: PSI.shares(mixCounts)))
    }

    public func feature(named name: String) -> Feature? { features.first { $0.name == name } }
}

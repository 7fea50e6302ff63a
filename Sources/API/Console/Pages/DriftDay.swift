import SegmentModel

/// The part of a stored drift report the charts read: each feature's PSI and the segment mix of one day. Decoding
/// only this keeps a year of history cheap to draw; the bins are read for the one day shown.
struct DriftDay: Decodable {
    struct Feature: Decodable {
        let name: String
        let psi: Double?
    }

    struct Mix: Decodable {
        let psi: Double?
        let current: [String: Double]
    }

    let version: Int
    let asOf: Day
    let features: [Feature]
    let segmentMix: Mix

    enum CodingKeys: String, CodingKey {
        case version, features
        case asOf = "as_of"
        case segmentMix = "segment_mix"
    }

    func psi(_ feature: String) -> Double? { features.first { $0.name == feature }?.psi }
}

import SegmentModel

/// The less-discriminatory alternative: the same recipe retrained without the flagged proxy features, measured on
/// the same holdout and the same customers, so a release manager can weigh accuracy and harm against the ratios.
public struct FairnessAlternative: Sendable, Equatable, Codable {
    public struct Ratio: Sendable, Equatable, Codable {
        public let attribute: String
        public let group: String
        public let segment: String
        public let air: Double
        public let alternativeAIR: Double
        public let verdict: DisparityCell.Verdict
        public let alternativeVerdict: DisparityCell.Verdict

        enum CodingKeys: String, CodingKey {
            case attribute, group, segment, air, verdict
            case alternativeAIR = "alternative_air"
            case alternativeVerdict = "alternative_verdict"
        }
    }

    public let withoutFeatures: [String]
    /// Holdout accuracy and harm rate of the version and of the alternative (same rows).
    public let accuracy: Double
    public let alternativeAccuracy: Double
    public let harmRate: Double
    public let alternativeHarmRate: Double
    public let ratios: [Ratio]
    /// The alternative's verdict on the same customers.
    public let alternativeVerdict: FairnessReport.Verdict
    /// What to run to adopt it.
    public let adopt: String

    enum CodingKeys: String, CodingKey {
        case accuracy, ratios, adopt
        case withoutFeatures = "without_features"
        case alternativeAccuracy = "alternative_accuracy"
        case harmRate = "harm_rate"
        case alternativeHarmRate = "alternative_harm_rate"
        case alternativeVerdict = "alternative_verdict"
    }

    public var accuracyChange: Double { alternativeAccuracy - accuracy }
    public var harmChange: Double { alternativeHarmRate - harmRate }
}

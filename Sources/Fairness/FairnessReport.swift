import SegmentModel

/// The fair-lending audit of one version on one day: adverse impact per segment and group, error parity, the proxy
/// scan, a verdict, and (when it fails) the less-discriminatory alternative. Stored whole with a promotion
/// decision as evidence; `segmentops fairness report` reproduces it from the same version, day and attributes.
public struct FairnessReport: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case pass, warn, fail, inconclusive
        /// Nothing to judge: no protected attributes, or no segment with a favourable or adverse outcome.
        case skipped
    }

    public let version: Int
    /// The version the ratios are compared with on the same customers (the gate: production).
    public let against: Int?
    public let asOf: Day
    public let window: DayRange
    public let population: Population
    public let attributes: [AttributeSummary]
    public let attributesDigest: String?
    /// Direction per segment (favourable, adverse, neutral).
    public let outcomes: [String: String]
    public let settings: Settings
    public let cells: [DisparityCell]
    public let errors: [ErrorParity]
    public let proxy: [ProxySummary]
    public let proxyFeatures: [ProxyScan.Feature]
    /// Flagged proxy features that the compared version's last fairness evidence did not flag (the gate).
    public var newProxies: [String]
    public var verdict: Verdict
    public var verdictReason: String
    public var alternative: FairnessAlternative?

    enum CodingKeys: String, CodingKey {
        case version, against, window, population, attributes, outcomes, settings, cells, errors, proxy, verdict, alternative
        case asOf = "as_of"
        case attributesDigest = "attributes_digest"
        case proxyFeatures = "proxy_features"
        case newProxies = "new_proxies"
        case verdictReason = "verdict_reason"
    }

    public struct Population: Sendable, Equatable, Codable {
        /// Customers judged (observed in the window, with at least one attribute).
        public let customers: Int
        public let labelled: Int
        public let withoutAttributes: Int

        enum CodingKeys: String, CodingKey {
            case customers, labelled
            case withoutAttributes = "without_attributes"
        }
    }

    public struct AttributeSummary: Sendable, Equatable, Codable {
        public struct Group: Sendable, Equatable, Codable {
            public let group: String
            /// Customers (summed membership probabilities for an estimated attribute), and their share.
            public let customers: Double
            public let share: Double
        }
        public let name: String
        public let probabilistic: Bool
        /// Share of the population with this attribute.
        public let coverage: Double
        public let groups: [Group]
        public let sources: [String]
        public let vintages: [String]
    }

    public struct Settings: Sendable, Equatable, Codable {
        public let airThreshold: Double
        public let alpha: Double
        public let minGroupSize: Double
        public let worsening: Double
        public let probabilityThreshold: Double
        public let proxySMD: Double
        public let proxyAUC: Double

        enum CodingKeys: String, CodingKey {
            case alpha, worsening
            case airThreshold = "air_threshold"
            case minGroupSize = "min_group_size"
            case probabilityThreshold = "probability_threshold"
            case proxySMD = "proxy_smd"
            case proxyAUC = "proxy_auc"
        }
    }

    /// One attribute's proxy scan in brief.
    public struct ProxySummary: Sendable, Equatable, Codable {
        public let attribute: String
        public let group: String
        public let rows: Int
        public let auc: Double
        public let aucFolds: [Double]
        public let flagged: [String]

        enum CodingKeys: String, CodingKey {
            case attribute, group, rows, auc, flagged
            case aucFolds = "auc_folds"
        }
    }

    /// Every feature flagged as a proxy of any attribute.
    public var flaggedProxies: [String] {
        proxyFeatures.filter(\.flagged).map(\.feature).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    public var gatedCells: [DisparityCell] { cells.filter { $0.gated && !$0.isReference } }
}

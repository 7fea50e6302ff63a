import SegmentModel

/// The fair-lending audit (`fairness:` in `segmentops.yaml`): which segment leads to which outcome, the thresholds
/// of the adverse-impact test and of the proxy scan, and the names that may never be model features.
public struct FairnessConfig: Sendable, Equatable {
    public typealias Direction = FairnessDirection

    /// The `fairness` release gate runs once protected attributes are stored.
    public var gate = true
    /// The monitor pass checks the production version (FairnessDisparity).
    public var monitor = true
    /// Names that are protected characteristics: configuration naming one as a feature is refused (the ingested
    /// attribute names are refused as features as well).
    public var protectedNames = FairnessConfig.standardProtectedNames
    /// Direction per segment; segments not listed are neutral.
    public var outcomes: [String: Direction] = ["optimizer": .favourable]
    /// The population: each customer's newest observation in this many days ending at the audit day.
    public var windowDays = 7
    /// The four-fifths rule: a group's rate below this share of the most favoured group's is adverse impact.
    public var airThreshold = 0.8
    /// Significance level of the tests (Holm-adjusted across cells).
    public var alpha = 0.05
    /// A group (or the reference group) with fewer customers than this is not judged (inconclusive).
    public var minGroupSize = 100
    /// Fail when a ratio is more than this much worse than production's on the same customers, significantly.
    public var worsening = 0.05
    /// Probability-valued attributes: the thresholded column counts a customer in a group at p ≥ this.
    public var probabilityThreshold = 0.8
    public var proxy = ProxyConfig()

    public init() {}

    /// The protected characteristics of the US Equal Credit Opportunity Act, spelled as feature names.
    public static let standardProtectedNames = [
        "race", "ethnicity", "race_ethnicity", "color", "religion", "national_origin", "sex", "gender",
        "marital_status", "age", "age_band", "public_assistance",
    ]

    public func direction(of segment: String) -> Direction { outcomes[segment] ?? .neutral }
}

/// The proxy scan: how well the features reveal a protected group.
public struct ProxyConfig: Sendable, Equatable {
    /// A feature whose standardised mean difference between a group and the rest reaches this is a proxy.
    public var smd = 0.2
    /// The features together are a proxy when a cross-validated logistic model predicts the group with this AUC.
    public var auc = 0.6
    /// At most this many customers (an even sample) in the scan.
    public var sample = 50_000
    public var folds = 5
    public init() {}
}

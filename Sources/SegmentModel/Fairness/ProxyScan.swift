/// Can the features reveal a protected group? Per feature, the standardised mean difference between the group and
/// everyone else; together, the cross-validated AUC of a logistic model predicting membership from all features.
/// A model that never sees the attribute can still learn it through such proxies.
public struct ProxyScan: Sendable, Equatable, Codable {
    public struct Feature: Sendable, Equatable, Codable {
        public let attribute: String
        public let group: String
        public let feature: String
        /// (mean in group − mean elsewhere) / pooled standard deviation.
        public let smd: Double
        /// The logistic model's coefficient per standard deviation of the feature (log-odds of membership).
        public let coefficient: Double
        public let flagged: Bool
    }

    public let attribute: String
    /// The group scanned against everyone else (of two groups, the second; otherwise each in turn, the most
    /// identifiable reported).
    public let group: String
    /// Customers in the scan (an even sample of the population).
    public let rows: Int
    /// Cross-validated AUC, and per fold.
    public let auc: Double
    public let aucFolds: [Double]
    /// Every feature, largest |SMD| first.
    public let features: [Feature]

    enum CodingKeys: String, CodingKey {
        case attribute, group, rows, auc, features
        case aucFolds = "auc_folds"
    }

    public var flagged: [String] { features.filter(\.flagged).map(\.feature) }

    public struct Settings: Sendable, Equatable {
        public var smd = 0.2
        public var auc = 0.6
        public var sample = 50_000
        public var folds = 5
        public init() {}
    }

    /// Scans `attribute` over the customers of `x` (rows aligned with the attribute's).
    public static func scan(_ attribute: AttributeColumn, x: FeatureMatrix, featureNames: [String],
                            settings: Settings) -> [ProxyScan] {
        let covered = (0..<attribute.customers).filter(attribute.covers)
        let stride = max(1, (covered.count + settings.sample - 1) / settings.sample)
        let rows = Swift.stride(from: 0, to: covered.count, by: stride).map { covered[$0] }
        guard rows.count >= 2 * settings.folds else { return [] }
        let sample = x.selecting(rows: rows)
        let a = attribute.selecting(rows)
        let scanned = a.groups.count == 2 ? [1] : Array(a.groups.indices)
        return scanned.compactMap { g in
            let target = (0..<a.customers).map { i in
                let total = (0..<a.groups.count).reduce(0.0) { $0 + a.weight(i, $1) }
                return total > 0 ? a.weight(i, g) / total : 0
            }
            return scanGroup(a, group: g, x: sample, target: target, featureNames: featureNames, settings: settings)
        }
    }
}

import SegmentModel

/// Every stored protected attribute, indexed by customer, for the fairness audit.
public struct StoredAttributes: Sendable {
    /// One attribute: its groups (sorted) and each indexed customer's membership weights.
    public struct Attribute: Sendable {
        public let name: String
        public let groups: [String]
        /// `weights[customer * groups.count + g]` over `StoredAttributes.customers`.
        public let weights: [Double]
        public let probabilistic: Bool
        public let sources: [String]
        public let vintages: [String]
    }

    /// customer_id → index into every attribute's rows.
    public let customers: CustomerPartitions
    public let attributes: [Attribute]
    /// Chained SHA-256 of the attribute files stored (nil: none).
    public let digest: String?

    /// `attribute`'s column over customers given by their index in `customers` (negative: without attributes).
    public func column(_ attribute: Attribute, customers indices: [Int]) -> AttributeColumn {
        let k = attribute.groups.count
        var weights = [Double](repeating: 0, count: indices.count * k)
        for (i, c) in indices.enumerated() where c >= 0 {
            for g in 0..<k { weights[i * k + g] = attribute.weights[c * k + g] }
        }
        return AttributeColumn(name: attribute.name, groups: attribute.groups, weights: weights,
                               probabilistic: attribute.probabilistic, sources: attribute.sources,
                               vintages: attribute.vintages)
    }
}

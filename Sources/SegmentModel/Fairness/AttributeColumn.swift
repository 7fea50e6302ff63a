/// One protected attribute over an audit population: each customer's membership of each group.
///
/// Self-reported membership is 1 for the customer's group and 0 elsewhere; a proxy-based estimate (BISG and the
/// like) gives a probability per group. A customer without the attribute has a row of zeros and counts nowhere.
public struct AttributeColumn: Sendable, Equatable {
    public let name: String
    /// Group names, sorted.
    public let groups: [String]
    /// `weights[i * groups.count + g]`: customer i's membership of group g.
    public var weights: [Double]
    /// Whether any customer's membership is a probability rather than 0 or 1.
    public let probabilistic: Bool
    /// Where the values come from (`source` column), and their vintages, as ingested.
    public let sources: [String]
    public let vintages: [String]

    public init(name: String, groups: [String], weights: [Double], probabilistic: Bool, sources: [String] = [],
                vintages: [String] = []) {
        precondition(groups.isEmpty ? weights.isEmpty : weights.count % groups.count == 0)
        self.name = name
        self.groups = groups
        self.weights = weights
        self.probabilistic = probabilistic
        self.sources = sources
        self.vintages = vintages
    }

    public var customers: Int { groups.isEmpty ? 0 : weights.count / groups.count }

    @inlinable public func weight(_ i: Int, _ g: Int) -> Double { weights[i * groups.count + g] }

    /// Customer i has the attribute (some membership weight).
    public func covers(_ i: Int) -> Bool {
        let k = groups.count
        for g in 0..<k where weights[i * k + g] > 0 { return true }
        return false
    }

    /// Membership weights of group g: as stored, or thresholded (1 at p ≥ `threshold`, else 0).
    public func column(_ g: Int, threshold: Double? = nil) -> [Double] {
        let k = groups.count
        return (0..<customers).map { i in
            let w = weights[i * k + g]
            guard let threshold else { return w }
            return w >= threshold ? 1 : 0
        }
    }

    /// The same attribute over a subset of the customers (indices into this one).
    public func selecting(_ rows: [Int]) -> AttributeColumn {
        let k = groups.count
        var out = [Double]()
        out.reserveCapacity(rows.count * k)
        for i in rows { out.append(contentsOf: weights[(i * k)..<((i + 1) * k)]) }
        return AttributeColumn(name: name, groups: groups, weights: out, probabilistic: probabilistic,
                               sources: sources, vintages: vintages)
    }
}

/// One cell of the adverse-impact table: one group of one attribute, for one segment (one-vs-rest), against the
/// most favoured group.
public struct DisparityCell: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        /// Ratio at or above the threshold, and the cell could have detected one below it.
        case pass
        /// Ratio below the threshold but not significant: a person decides.
        case warn
        /// Ratio below the threshold, significant after Holm's correction, both groups large enough.
        case fail
        /// Too few customers to judge.
        case inconclusive
    }

    /// The thresholded column of a probability-valued attribute: customers counted in the group at p ≥ threshold.
    public struct Thresholded: Sendable, Equatable, Codable {
        public let n: Int
        public let rate: Double
        public let air: Double?
    }

    public let attribute: String
    public let group: String
    public let segment: String
    /// favourable | adverse | neutral (reported, not gated).
    public let direction: String
    public let gated: Bool
    /// Customers in the group (the sum of membership probabilities for a probability-valued attribute)…
    public let n: Double
    /// …and the effective sample size the tests use (equal to `n` for self-reported groups).
    public let nEffective: Double
    /// Share of the group assigned the segment.
    public let rate: Double
    public let referenceGroup: String
    public let referenceRate: Double
    /// Adverse impact ratio: the group's rate of the favourable outcome (assignment; for an adverse segment, not
    /// being assigned) over the most favoured group's. 1 for the reference group itself.
    public let air: Double
    /// Favourable-outcome rate minus the reference group's, with its 95% interval.
    public let difference: Double
    public let differenceCI: [Double]
    /// `z` (two-proportion), `fisher` (exact, small cells), `weighted_z` (probability weights), or `reference`.
    public let test: String
    public let pValue: Double?
    public var pHolm: Double?
    /// The highest ratio this cell detects with 80% power at the configured level: a cell that cannot detect a
    /// ratio at the threshold cannot pass.
    public let detectableAIR: Double?
    public let thresholded: Thresholded?
    /// On the same customers: production's ratio, the change, and the Holm-adjusted p-value that the candidate's
    /// ratio is worse than production's by more than the allowed worsening (gate only).
    public var productionAIR: Double?
    public var airChange: Double?
    public var pWorse: Double?
    public var verdict: Verdict
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case attribute, group, segment, direction, gated, n, rate, air, difference, test, thresholded, verdict, reason
        case nEffective = "n_effective"
        case referenceGroup = "reference_group"
        case referenceRate = "reference_rate"
        case differenceCI = "difference_ci"
        case pValue = "p_value"
        case pHolm = "p_holm"
        case detectableAIR = "detectable_air"
        case productionAIR = "production_air"
        case airChange = "air_change"
        case pWorse = "p_worse"
    }

    public init(attribute: String, group: String, segment: String, direction: String, gated: Bool, n: Double,
                nEffective: Double, rate: Double, referenceGroup: String, referenceRate: Double, air: Double,
                difference: Double, differenceCI: [Double], test: String, pValue: Double?, pHolm: Double? = nil,
                detectableAIR: Double?, thresholded: Thresholded?, verdict: Verdict, reason: String) {
        self.attribute = attribute
        self.group = group
        self.segment = segment
        self.direction = direction
        self.gated = gated
        self.n = n
        self.nEffective = nEffective
        self.rate = rate
        self.referenceGroup = referenceGroup
        self.referenceRate = referenceRate
        self.air = air
        self.difference = difference
        self.differenceCI = differenceCI
        self.test = test
        self.pValue = pValue
        self.pHolm = pHolm
        self.detectableAIR = detectableAIR
        self.thresholded = thresholded
        self.verdict = verdict
        self.reason = reason
    }

    public var isReference: Bool { test == "reference" }
}

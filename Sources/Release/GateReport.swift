import Fairness
import SegmentModel
import SegmentStore

/// One promotion gate's verdict with the figures behind it.
public struct GateResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass, fail, skipped, inconclusive
        /// Passes only with a named approver (the fairness gate's warning).
        case warn
    }

    public let gate: String
    public let status: Status
    public let value: String
    public let threshold: String
    public let detail: String

    public init(gate: String, status: Status, value: String, threshold: String, detail: String) {
        self.gate = gate
        self.status = status
        self.value = value
        self.threshold = threshold
        self.detail = detail
    }
}

/// All gates for one candidate against production on the same labelled rows.
public struct GateReport: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        /// Every gate passed or was skipped: promotable.
        case pass
        /// A gate failed: blocked.
        case fail
        /// Not enough labelled evidence: held, neither promoted nor rejected.
        case inconclusive
    }

    public let candidate: Int
    public let production: Int?
    public let window: DayRange
    public let n: Int
    public let verdict: Verdict
    public let gates: [GateResult]
    public let candidateMetrics: MetricsReport?
    public let productionMetrics: MetricsReport?
    /// Paired statistics of candidate against production on these rows (nil without production).
    public let paired: PairedComparison?
    /// Absolute gates production itself fails on these rows (it is failing: remedial promotion applies).
    public let productionFailing: [String]
    /// Whether the candidate could replace a failing production (nil without production).
    public let remedial: RemedialCheck?
    /// The fair-lending audit behind the `fairness` gate (nil when the gate was skipped).
    public let fairness: FairnessReport?

    enum CodingKeys: String, CodingKey {
        case candidate, production, window, n, verdict, gates, paired, remedial, fairness
        case candidateMetrics = "candidate_metrics"
        case productionMetrics = "production_metrics"
        case productionFailing = "production_failing"
    }

    public init(candidate: Int, production: Int?, window: DayRange, n: Int, verdict: Verdict, gates: [GateResult],
                candidateMetrics: MetricsReport?, productionMetrics: MetricsReport?, paired: PairedComparison? = nil,
                productionFailing: [String] = [], remedial: RemedialCheck? = nil, fairness: FairnessReport? = nil) {
        self.candidate = candidate
        self.production = production
        self.window = window
        self.n = n
        self.verdict = verdict
        self.gates = gates
        self.candidateMetrics = candidateMetrics
        self.productionMetrics = productionMetrics
        self.paired = paired
        self.productionFailing = productionFailing
        self.remedial = remedial
        self.fairness = fairness
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        candidate = try c.decode(Int.self, forKey: .candidate)
        production = try c.decodeIfPresent(Int.self, forKey: .production)
        window = try c.decode(DayRange.self, forKey: .window)
        n = try c.decode(Int.self, forKey: .n)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        gates = try c.decode([GateResult].self, forKey: .gates)
        candidateMetrics = try c.decodeIfPresent(MetricsReport.self, forKey: .candidateMetrics)
        productionMetrics = try c.decodeIfPresent(MetricsReport.self, forKey: .productionMetrics)
        paired = try c.decodeIfPresent(PairedComparison.self, forKey: .paired)
        productionFailing = try c.decodeIfPresent([String].self, forKey: .productionFailing) ?? []
        remedial = try c.decodeIfPresent(RemedialCheck.self, forKey: .remedial)
        fairness = try c.decodeIfPresent(FairnessReport.self, forKey: .fairness)
    }

    /// A gate warned: promotable only with an approval by a named actor other than the trainer and the promoter.
    public var needsApproval: Bool { gates.contains { $0.status == .warn } }

    /// The warning gates, one line.
    public var warningSummary: String {
        gates.filter { $0.status == .warn }.map { "\($0.gate) (\($0.detail))" }.joined(separator: "; ")
    }

    public var failing: [GateResult] { gates.filter { $0.status == .fail || $0.status == .inconclusive } }

    /// The report as audit evidence.
    public var evidence: JSONValue { (try? JSONValue(encoding: self)) ?? .null }

    /// One line naming the failing gates.
    public var failingSummary: String {
        failing.map { "\($0.gate) (\($0.value) vs \($0.threshold))" }.joined(separator: "; ")
    }
}

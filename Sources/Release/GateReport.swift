import SegmentModel
import SegmentStore

/// One promotion gate's verdict with the figures behind it.
public struct GateResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass, fail, skipped, inconclusive
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

    enum CodingKeys: String, CodingKey {
        case candidate, production, window, n, verdict, gates
        case candidateMetrics = "candidate_metrics"
        case productionMetrics = "production_metrics"
    }

    public var failing: [GateResult] { gates.filter { $0.status == .fail || $0.status == .inconclusive } }

    /// The report as audit evidence.
    public var evidence: JSONValue { (try? JSONValue(encoding: self)) ?? .null }

    /// One line naming the failing gates.
    public var failingSummary: String {
        failing.map { "\($0.gate) (\($0.value) vs \($0.threshold))" }.joined(separator: "; ")
    }
}

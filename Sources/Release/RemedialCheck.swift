import SegmentConfig
import SegmentModel

/// Whether a candidate may replace a *failing* production version: it passes the gates that protect the artifact,
/// the evidence, the data and fair lending (`artifact_hash`, `evidence`, `data_quality`, `fairness`) and is significantly better on the same
/// rows — McNemar's exact one-sided test at `alpha` — on correctness without being significantly more harmful, or
/// on harm without being significantly less accurate. The absolute gates it still misses are named, not waived
/// silently.
public struct RemedialCheck: Sendable, Equatable, Codable {
    public let eligible: Bool
    public let reason: String
    public let alpha: Double
    public let pMoreAccurate: Double
    public let pLessHarmful: Double
    public let pLessAccurate: Double
    public let pMoreHarmful: Double
    public let candidateOnlyCorrect: Int
    public let productionOnlyCorrect: Int
    public let candidateOnlyHarmful: Int
    public let productionOnlyHarmful: Int
    /// Absolute gates the candidate still fails (it replaces something worse, not something good).
    public let missedAbsoluteGates: [String]

    enum CodingKeys: String, CodingKey {
        case eligible, reason, alpha
        case pMoreAccurate = "p_more_accurate"
        case pLessHarmful = "p_less_harmful"
        case pLessAccurate = "p_less_accurate"
        case pMoreHarmful = "p_more_harmful"
        case candidateOnlyCorrect = "candidate_only_correct"
        case productionOnlyCorrect = "production_only_correct"
        case candidateOnlyHarmful = "candidate_only_harmful"
        case productionOnlyHarmful = "production_only_harmful"
        case missedAbsoluteGates = "missed_absolute_gates"
    }

    /// Gates a remedial promotion may not waive (a fairness warning still needs its approver).
    static let prerequisites: Set<String> = ["artifact_hash", "evidence", "data_quality", "fairness"]
    static let absolute: Set<String> = ["recall_floor", "harm_rate_max"]

    public init(paired p: PairedComparison, gates: [GateResult], alpha: Double) {
        self.alpha = alpha
        pMoreAccurate = p.pMoreAccurate
        pLessHarmful = p.pLessHarmful
        pLessAccurate = p.pLessAccurate
        pMoreHarmful = p.pMoreHarmful
        candidateOnlyCorrect = p.candidateOnlyCorrect
        productionOnlyCorrect = p.productionOnlyCorrect
        candidateOnlyHarmful = p.candidateOnlyHarmful
        productionOnlyHarmful = p.productionOnlyHarmful
        missedAbsoluteGates = gates.filter { RemedialCheck.absolute.contains($0.gate) && $0.status == .fail }.map(\.gate)
        let blocking = gates.filter { RemedialCheck.prerequisites.contains($0.gate) && [.fail, .inconclusive].contains($0.status) }
        let moreAccurate = p.pMoreAccurate < alpha && p.pMoreHarmful >= alpha
        let lessHarmful = p.pLessHarmful < alpha && p.pLessAccurate >= alpha
        eligible = blocking.isEmpty && (moreAccurate || lessHarmful)
        if !blocking.isEmpty {
            reason = "\(blocking.map(\.gate).joined(separator: ", ")) did not pass"
        } else if moreAccurate || lessHarmful {
            reason = "significantly " + [moreAccurate ? "more accurate (McNemar p=\(RemedialCheck.p(p.pMoreAccurate)), \(p.candidateOnlyCorrect) vs \(p.productionOnlyCorrect) discordant rows)" : nil,
                                          lessHarmful ? "less harmful (McNemar p=\(RemedialCheck.p(p.pLessHarmful)), \(p.productionOnlyHarmful) vs \(p.candidateOnlyHarmful) discordant rows)" : nil]
                .compactMap { $0 }.joined(separator: " and ") + " than production on the same rows"
        } else {
            reason = "not significantly better than production (McNemar p=\(RemedialCheck.p(p.pMoreAccurate)) for accuracy, p=\(RemedialCheck.p(p.pLessHarmful)) for harm; α=\(alpha))"
        }
    }

    static func p(_ value: Double) -> String {
        value < 0.0001 ? String(format: "%.1e", value) : String(format: "%.4f", value)
    }
}

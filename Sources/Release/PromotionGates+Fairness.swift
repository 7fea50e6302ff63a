import Fairness
import SegmentModel
import SegmentStore

/// The `fairness` gate: the fair-lending audit of the candidate on the newest audit population, its ratios compared
/// with production's on the same customers. The whole report travels with the gate table as evidence.
extension PromotionGates {
    func fairnessGate(candidate: Int, production: Int?, knownBy: Day?) throws -> (GateResult, FairnessReport?) {
        let f = config.fairness
        let threshold = "ratio ≥ \(String(format: "%.2f", f.airThreshold)) or n.s. (Holm α \(f.alpha)); "
            + "drop vs production ≤ \(String(format: "%.2f", f.worsening)) or n.s."
        func skip(_ why: String) -> (GateResult, FairnessReport?) {
            (GateResult(gate: "fairness", status: .skipped, value: "-", threshold: threshold, detail: why), nil)
        }
        guard f.gate else { return skip("fairness.gate is off") }
        guard try !AttributeStore(database: database).isEmpty() else {
            return skip("no protected attributes stored (`segmentops attributes ingest`)")
        }
        let audit = FairnessAudit(database: database, config: config)
        guard let day = try audit.defaultDay(onOrBefore: knownBy) else { return skip("no observations to audit") }
        let known = try production.map(knownProxies(of:)) ?? []
        let report = try audit.report(version: candidate, asOf: day,
                                      options: .init(against: production, knownProxies: known, alternative: .whenFailing))
        let status: GateResult.Status = switch report.verdict {
        case .pass: .pass
        case .fail: .fail
        // Too few customers in a group is not going to change by waiting: a named approver decides.
        case .warn, .inconclusive: .warn
        case .skipped: .skipped
        }
        let worst = report.gatedCells.filter { $0.verdict != .inconclusive }.min { $0.air < $1.air }
        let value = (report.verdict == .inconclusive ? "inconclusive; " : "")
            + (worst.map { "lowest ratio \(String(format: "%.3f", $0.air)) (\($0.attribute)=\($0.group), \($0.segment))" }
                ?? "no cell judged")
        return (GateResult(gate: "fairness", status: status, value: value, threshold: threshold,
                           detail: "audit of \(report.window): " + report.verdictReason), report)
    }

    /// The proxy features flagged in the fairness evidence of `version`'s newest promotion; none when it was promoted
    /// without a fairness audit (every proxy flagged now is then new to the approver).
    func knownProxies(of version: Int) throws -> [String] {
        let entries = try ModelRegistry(database: database).history(version: version)
        let promotion = entries.last { $0.action == "promote" && $0.outcome == "ok" && $0.version == version }
        guard let fairness = promotion?.evidence["fairness"], fairness != .null,
              let report = try? fairness.decode(FairnessReport.self) else { return [] }
        return report.flaggedProxies
    }
}

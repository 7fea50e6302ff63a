import Foundation
import SegmentModel

extension FairnessAudit {
    /// The verdict over the gated cells: fail when any fails, warn when any warns or a new proxy is flagged,
    /// inconclusive when no gated cell could be judged, pass otherwise.
    func verdict(_ report: FairnessReport) -> (FairnessReport.Verdict, String) {
        if report.attributes.isEmpty || report.population.customers == 0 {
            return (.skipped, "no protected attributes for the customers of \(report.window): ingest them with `segmentops attributes ingest`")
        }
        let gated = report.gatedCells
        if gated.isEmpty {
            return (.skipped, "no segment has a favourable or adverse outcome (fairness.outcomes): nothing to gate")
        }
        let failing = gated.filter { $0.verdict == .fail }
        if !failing.isEmpty { return (.fail, "adverse impact: " + failing.prefix(3).map(describe).joined(separator: "; ")) }
        let warning = gated.filter { $0.verdict == .warn }
        if !warning.isEmpty || !report.newProxies.isEmpty {
            var parts = warning.prefix(3).map(describe)
            if !report.newProxies.isEmpty { parts.append("new proxy features: \(report.newProxies.joined(separator: ", "))") }
            return (.warn, parts.joined(separator: "; ") + "; promotion needs a named approver")
        }
        if !gated.contains(where: { $0.verdict == .pass }) {
            return (.inconclusive, "too few customers in every group to judge (min_group_size \(Int(report.settings.minGroupSize)))")
        }
        let worst = gated.min { $0.air < $1.air }!
        let unjudged = gated.filter { $0.verdict == .inconclusive }.count
        return (.pass, "lowest ratio \(String(format: "%.3f", worst.air)) (\(worst.attribute)=\(worst.group), \(worst.segment))"
                + (unjudged > 0 ? "; \(unjudged) cell\(unjudged == 1 ? "" : "s") too small to judge" : ""))
    }

    func describe(_ c: DisparityCell) -> String {
        "\(c.attribute)=\(c.group) \(c.segment) ratio \(String(format: "%.3f", c.air))"
            + (c.productionAIR.map { " (production \(String(format: "%.3f", $0)))" } ?? "")
    }
}

extension FairnessAudit {
    /// Registers `version`'s recipe retrained without `features` as a new candidate (the release manager's choice
    /// of the less-discriminatory alternative); it then faces the usual gates.
    public func registerAlternative(version: Int, without features: [String], actor: String, configSnapshot: String,
                                    at date: Date) throws -> Int {
        try FairnessAlternativeBuilder(audit: self)
            .register(version: version, without: features, actor: actor, configSnapshot: configSnapshot, at: date)
            .version.version
    }
}

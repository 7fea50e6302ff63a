import Fairness
import Foundation
import SegmentModel

/// The fairness report for a terminal: the population, the adverse-impact table, error parity, the proxy scan,
/// the verdict and the alternative.
enum FairnessText {
    static func render(_ r: FairnessReport, seconds: Double? = nil) -> String {
        var out = ["fairness audit of v\(r.version) on \(r.asOf): \(r.population.customers) customers observed \(r.window) with protected attributes"
                   + " (\(r.population.withoutAttributes) without), \(r.population.labelled) labelled"
                   + (r.against.map { "; ratios compared with v\($0)" } ?? "") + (seconds.map { " — \(Fmt.f($0, 2)) s" } ?? "")]
        for a in r.attributes {
            out.append("  \(a.name) (\(a.probabilistic ? "probabilities" : "exact"); \(a.sources.joined(separator: ", ")); vintage \(a.vintages.joined(separator: ", ")); coverage \(Fmt.pct(a.coverage))): "
                       + a.groups.map { "\($0.group) \(Fmt.pct($0.share))" }.joined(separator: ", "))
        }
        let gated = r.outcomes.filter { $0.value != "neutral" }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        out.append("  outcomes: " + (gated.isEmpty ? "none gated" : gated.joined(separator: ", ")) + "; other segments reported, not gated")
        out.append("")
        out.append("adverse impact (ratio of favourable-outcome rates to the most favoured group; four-fifths rule at \(Fmt.f(r.settings.airThreshold, 2)); p Holm-adjusted over the judged cells)")
        var table = TextTable(["attribute", "group", "segment", "n", "rate", "ratio", "difference [95% CI]", "test", "p (Holm)", "detects ≤", "verdict"],
                              rightAligned: [3, 4, 5, 8, 9])
        for c in r.cells {
            let verdict = c.isReference ? "reference" : (c.gated ? c.verdict.rawValue.uppercased() : c.verdict.rawValue + " (not gated)")
            let change = c.productionAIR.map { " (prod \(Fmt.f($0, 3)))" } ?? ""
            table.add([c.attribute, c.group, c.segment, Fmt.f(c.n, 0), Fmt.f(c.rate, 3), Fmt.f(c.air, 3) + change,
                       c.isReference ? "-" : "\(Fmt.signed(c.difference, 3)) [\(Fmt.signed(c.differenceCI[0], 3)), \(Fmt.signed(c.differenceCI[1], 3))]",
                       c.test, c.pHolm.map { String(format: "%.2g", $0) } ?? "-", c.detectableAIR.map { Fmt.f($0, 2) } ?? "-", verdict])
            if let t = c.thresholded {
                table.add(["", "  p ≥ \(Fmt.f(r.settings.probabilityThreshold, 1))", "", String(t.n), Fmt.f(t.rate, 3),
                           t.air.map { Fmt.f($0, 3) } ?? "-", "", "", "", "", ""])
            }
        }
        out.append(table.render(indent: "  "))
        out.append("")
        out.append("errors by group (labelled customers: are mistakes spread evenly?)")
        var errors = TextTable(["attribute", "group", "labelled", "accuracy", "harm rate", "recall " + segmentNames(r).joined(separator: "/")],
                               rightAligned: [2, 3, 4])
        for e in r.errors {
            errors.add([e.attribute, e.group, Fmt.f(e.labelled, 0), Fmt.f(e.accuracy, 3), Fmt.f(e.harmRate, 3),
                        e.recall.map { $0.map { Fmt.f($0, 3) } ?? "-" }.joined(separator: " / ")])
        }
        out.append(errors.render(indent: "  "))
        out.append("")
        out.append("proxy scan (standardised mean difference per feature; cross-validated logistic AUC of the group from all features)")
        for p in r.proxy {
            let folds = p.aucFolds.isEmpty ? "" : " (folds \(Fmt.f(p.aucFolds.min()!, 3))–\(Fmt.f(p.aucFolds.max()!, 3)))"
            let top = r.proxyFeatures.filter { $0.attribute == p.attribute && $0.group == p.group }.prefix(4)
                .map { "\($0.feature) \(Fmt.signed($0.smd, 2))\($0.flagged ? " ⚑" : "")" }.joined(separator: ", ")
            out.append("  \(p.attribute)=\(p.group): AUC \(Fmt.f(p.auc, 3))\(folds) on \(p.rows) customers; largest SMD: \(top)")
            out.append("    " + (p.flagged.isEmpty ? "no proxy flagged" : "proxies: \(p.flagged.joined(separator: ", "))"))
        }
        if !r.newProxies.isEmpty { out.append("  new since the compared version's evidence: \(r.newProxies.joined(separator: ", "))") }
        out.append("")
        out.append("verdict: \(r.verdict.rawValue.uppercased()) — \(r.verdictReason)")
        if let a = r.alternative { out += alternative(a) }
        return out.joined(separator: "\n")
    }

    static func alternative(_ a: FairnessAlternative) -> [String] {
        var out = ["", "less-discriminatory alternative: retrained without \(a.withoutFeatures.joined(separator: ", ")) (same day, same holdout)",
                   "  accuracy \(Fmt.f(a.accuracy, 3)) → \(Fmt.f(a.alternativeAccuracy, 3)) (\(Fmt.signed(a.accuracyChange, 3))), "
                   + "harm rate \(Fmt.f(a.harmRate, 3)) → \(Fmt.f(a.alternativeHarmRate, 3)) (\(Fmt.signed(a.harmChange, 3)))"]
        for x in a.ratios {
            out.append("  \(x.attribute)=\(x.group) \(x.segment): ratio \(Fmt.f(x.air, 3)) → \(Fmt.f(x.alternativeAIR, 3)) (\(x.verdict.rawValue) → \(x.alternativeVerdict.rawValue))")
        }
        out.append("  alternative verdict: \(a.alternativeVerdict.rawValue); to adopt: \(a.adopt)")
        return out
    }

    static func segmentNames(_ r: FairnessReport) -> [String] {
        var seen = [String]()
        for c in r.cells where !seen.contains(c.segment) { seen.append(c.segment) }
        return seen
    }
}

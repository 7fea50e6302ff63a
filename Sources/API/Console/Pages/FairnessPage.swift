import Fairness
import Foundation
import Hummingbird
import SegmentModel
import SegmentStore

/// `/ui/fairness` (auditors only): the latest stored production audit, or a fresh report for `version` and `as_of`.
struct FairnessPage {
    let env: APIEnvironment

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let asked = try ConsoleQuery.optionalVersion(q, "version")
        let askedDay = try ConsoleQuery.day(q, "as_of")
        let report: FairnessReport
        if asked == nil && askedDay == nil,
           let stored = try MonitorRunStore(database: env.database).latest(kind: "fairness"),
           let decoded = try? stored.figures.decode(FairnessReport.self) {
            report = decoded
        } else {
            guard try !AttributeStore(database: env.database).isEmpty() else {
                throw APIError(.notFound, "no protected attributes are stored; load them with `segmentops attributes ingest FILE --source NAME`")
            }
            let audit = FairnessAudit(database: env.database, config: env.config)
            guard let day = try audit.defaultDay(onOrBefore: askedDay) else {
                throw APIError(.notFound, "no observations stored\(askedDay.map { " on or before \($0)" } ?? "")")
            }
            guard let version = try asked ?? ModelRegistry(database: env.database).productionOrLatest()?.version else {
                throw APIError(.notFound, "the registry holds no versions yet")
            }
            report = try audit.report(version: version, asOf: day, options: .init(alternative: .never))
        }
        return ConsolePage(title: "Fairness", template: "fairness", context: [
            "version": report.version, "asOf": report.asOf.description, "population": report.population.customers,
            "verdict": report.verdict.rawValue, "summary": report.verdictReason,
            "cells": report.cells.map { c -> [String: Any] in
                ["attribute": c.attribute, "segment": c.segment, "group": c.group + (c.isReference ? " (reference)" : ""),
                 "n": HTML.number(c.n, 0), "rate": HTML.percent(c.rate), "referenceRate": HTML.percent(c.referenceRate),
                 "ratio": HTML.number(c.air), "p": HTML.number(c.pHolm, 4), "verdict": c.verdict.rawValue]
            },
            "proxies": report.proxyFeatures.map { p -> [String: Any] in
                ["attribute": "\(p.attribute) = \(p.group)", "feature": p.feature, "smd": HTML.number(p.smd),
                 "auc": HTML.number(report.proxy.first { $0.attribute == p.attribute && $0.group == p.group }?.auc),
                 "flagged": p.flagged ? "yes" : "no"]
            },
            "hasProxies": !report.proxyFeatures.isEmpty,
        ])
    }
}

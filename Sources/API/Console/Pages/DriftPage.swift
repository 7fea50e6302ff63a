import Foundation
import Hummingbird
import Monitoring
import SegmentModel
import SegmentStore

/// `/ui/drift`: per-feature PSI over time as small multiples, the bins of one feature on a chosen day (reference
/// against current), and the segment mix.
struct DriftPage {
    let env: APIEnvironment
    static let maxDays = 120

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let store = MonitorRunStore(database: env.database)
        let reports = try store.figures(DriftDay.self, kind: "drift", limit: DriftPage.maxDays).sorted { $0.asOf < $1.asOf }
        guard let newest = reports.last else {
            return ConsolePage(title: "Data drift", template: "drift", context: ["hasRuns": false])
        }
        let requestedDay = try ConsoleQuery.day(q, "day")
        guard let chosenDay = requestedDay.map({ d in reports.last { $0.asOf == d }?.asOf }) ?? newest.asOf,
              let chosen = try store.latest(kind: "drift", asOf: chosenDay).flatMap({ try? $0.figures.decode(DriftReport.self) }) else {
            throw APIError(.notFound, "no drift run on \(requestedDay!); runs cover \(reports.first!.asOf) to \(newest.asOf)")
        }
        let thresholdsByName = Dictionary(chosen.features.map { ($0.name, $0.thresholds) }, uniquingKeysWith: { a, _ in a })
        let names = newest.features.map(\.name)
        let featureName = q.get("feature").flatMap { $0.isEmpty ? nil : $0 } ?? chosen.worstFeature?.name ?? names.first ?? ""
        guard let feature = chosen.features.first(where: { $0.name == featureName }) else {
            throw APIError(.badRequest, "feature: '\(featureName)' is not one of \(names.joined(separator: ", "))")
        }
        let days = reports.map { $0.asOf.description }
        func psiRange(_ values: [Double?], _ critical: Double) -> ClosedRange<Double> {
            0...(max(values.compactMap { $0 }.max() ?? 0, critical) * 1.1)
        }
        let charts = names.map { name -> [String: Any] in
            let series = reports.map { $0.psi(name) }
            let thresholds = thresholdsByName[name] ?? .standard
            let chart = LineChart(title: "PSI of \(name) per day", description: "Window PSI of \(name) on \(days.count) days from \(days.first!) to \(days.last!); critical threshold \(thresholds.critical).",
                                  xLabels: days, series: [.init(name: "window PSI", values: series)],
                                  thresholds: [("critical", thresholds.critical)], yRange: psiRange(series, thresholds.critical),
                                  width: 320, height: 150)
            let latest = newest.psi(name)
            return ["name": name, "chart": chart.svg(), "latest": HTML.number(latest),
                    "band": latest.map { thresholds.band($0).rawValue } ?? "–"]
        }
        let mixSeries = reports.map(\.segmentMix.psi)
        let mixChart = LineChart(title: "PSI of the predicted segment mix per day", description: "Segment mix PSI on \(days.count) days.",
                                 xLabels: days, series: [.init(name: "mix PSI", values: mixSeries)],
                                 thresholds: [("critical", env.config.monitoring.psi.critical)],
                                 yRange: psiRange(mixSeries, env.config.monitoring.psi.critical), width: 320, height: 150)
        let table = reports.reversed().map { r -> [String: Any] in
            ["day": r.asOf.description, "version": r.version,
             "cells": names.map { HTML.number(r.psi($0)) } + [HTML.number(r.segmentMix.psi)]]
        }
        let bins = feature.bins.map { b -> [String: Any] in
            ["range": DriftPage.range(b), "reference": HTML.percent(b.referenceShare), "current": HTML.percent(b.currentShare),
             "count": b.currentCount, "term": HTML.number(b.contribution, 4)]
        }
        let binChart = BarChart(title: "\(feature.name) on \(chosen.asOf): shares per bin",
                                description: "Reference (solid) and current (hatched) share of rows in each of \(feature.bins.count) bins.",
                                categories: feature.bins.map(DriftPage.range),
                                series: [("reference", feature.bins.map(\.referenceShare)), ("current", feature.bins.map(\.currentShare))])
        let segments = env.database.schema.segments
        let mix = chosen.segmentMix
        let mixBars = BarChart(title: "Segment mix on \(chosen.asOf)", description: "Reference (solid) and current (hatched) predicted shares.",
                               categories: segments, series: [("reference", segments.map { mix.reference[$0] ?? 0 }),
                                                              ("current", segments.map { mix.current[$0] ?? 0 })])
        let context: [String: Any] = [
            "hasRuns": true, "days": reports.count, "features": charts, "mixChart": mixChart.svg(),
            "mixLatest": HTML.number(newest.segmentMix.psi), "featureNames": names, "table": table,
            "day": chosen.asOf.description, "feature": feature.name, "featurePSI": HTML.number(feature.psi),
            "dayChoices": reports.reversed().map { ["day": $0.asOf.description, "selected": $0.asOf == chosen.asOf] },
            "featureChoices": names.map { ["name": $0, "selected": $0 == feature.name] },
            "bins": bins, "binChart": binChart.svg(), "mixPSI": HTML.number(mix.psi), "mixBars": mixBars.svg(),
            "mix": segments.map { ["segment": $0, "reference": HTML.percent(mix.reference[$0]), "current": HTML.percent(mix.current[$0]),
                                   "count": mix.currentCounts[$0] ?? 0] },
        ]
        return ConsolePage(title: "Data drift", template: "drift", context: context)
    }

    static func range(_ b: DriftReport.Bin) -> String {
        switch (b.lower, b.upper) {
        case let (nil, u?): "< \(HTML.number(u, 2))"
        case let (l?, nil): "≥ \(HTML.number(l, 2))"
        case let (l?, u?): "\(HTML.number(l, 2))–\(HTML.number(u, 2))"
        default: "all"
        }
    }
}

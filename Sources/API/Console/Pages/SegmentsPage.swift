import Foundation
import Hummingbird
import SegmentModel
import SegmentStore
import Segments

/// `/ui/segments`: the predicted mix over time, confirmed-segment churn per night, the transition matrix of the
/// last 30 days and the latest confirmed changes.
struct SegmentsPage {
    let env: APIEnvironment
    static let maxDays = 120

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let segments = env.database.schema.segments
        let state = SegmentStateStore(database: env.database)
        let counts = try state.counts()
        let store = MonitorRunStore(database: env.database)
        let runs = try store.list(kind: "segments", limit: SegmentsPage.maxDays).sorted { $0.asOf < $1.asOf }
        let drift = Dictionary(try store.figures(DriftDay.self, kind: "drift", limit: SegmentsPage.maxDays).map { ($0.asOf, $0.segmentMix) },
                               uniquingKeysWith: { _, b in b })
        let mixDays = drift.keys.sorted()
        let mixChart = LineChart(
            title: "Predicted segment mix per day", description: "Share of each segment among the day's scored rows, \(mixDays.count) days.",
            xLabels: mixDays.map(\.description),
            series: segments.map { s in .init(name: s, values: mixDays.map { drift[$0]?.current[s] }) }, yRange: 0...1)
        let days = runs.map { $0.asOf.description }
        let churnLimit = runs.last?.figures["churn_limit"]?.doubleValue
        let churnChart = LineChart(
            title: "Weekly churn of confirmed segments", description: "Share of confirmed customers whose segment changed in the past 7 days, per night.",
            xLabels: days, series: [.init(name: "weekly churn", values: runs.map { $0.figures["weekly_churn"]?.doubleValue })],
            thresholds: churnLimit.map { [("limit", $0)] } ?? [], yDigits: 3)
        var context: [String: Any] = [
            "confirmed": counts.confirmed, "provisional": counts.provisional, "flagged": counts.flagged,
            "segmentNames": segments, "hasMix": !mixDays.isEmpty, "mixChart": mixChart.svg(),
            "hasRuns": !runs.isEmpty, "churnChart": churnChart.svg(),
            "runs": runs.reversed().map { r -> [String: Any] in
                ["day": r.asOf.description, "confirmed": r.figures["confirmed"]?.doubleValue.map { Int($0) } ?? 0,
                 "changed": r.figures["night"]?["changed"]?.doubleValue.map { Int($0) } ?? 0,
                 "changes7": r.figures["changes_7d"]?.doubleValue.map { Int($0) } ?? 0,
                 "churn": HTML.percent(r.figures["weekly_churn"]?.doubleValue, 2), "limit": HTML.percent(r.figures["churn_limit"]?.doubleValue, 1),
                 "mix": segments.map { HTML.percent(drift[r.asOf]?.current[$0]) }]
            },
        ]
        if let hold = try SegmentHold.current(env.database) {
            context["hold"] = "since \(hold.since), v\(hold.version) would change \(hold.changes) of \(hold.confirmed) confirmed customers"
        }
        // Transitions: confirmed changes of the last 30 days, from → to.
        let newest = runs.last?.asOf ?? mixDays.last
        let matrix = try newest.map { try state.transitionCounts(in: DayRange(from: $0 - 29, to: $0)) } ?? [:]
        context["matrix"] = segments.map { f -> [String: Any] in
            ["from": f, "cells": segments.map { t in f == t ? "–" : "\(matrix[f]?[t] ?? 0)" }]
        }
        let latest = try state.latestChanges(limit: 50)
        context["changes"] = latest.map { e -> [String: Any] in
            ["day": e.asOf.description, "id": e.customerID, "href": "/ui/customers/" + HTML.component(e.customerID),
             "from": e.from ?? "–", "to": e.to ?? "–", "version": e.modelVersion.map { "v\($0)" } ?? "–"]
        }
        context["hasChanges"] = !latest.isEmpty
        return ConsolePage(title: "Segments", template: "segments", context: context)
    }
}

import Foundation
import Hummingbird
import Monitoring
import SegmentModel
import SegmentStore

/// `/ui/performance`: realised accuracy and harm over time with Wilson bands, and the label-free estimate.
struct PerformancePage {
    let env: APIEnvironment
    static let maxDays = 120

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let store = MonitorRunStore(database: env.database)
        let evaluations = try store.figures(EvaluationReport.self, kind: "evaluation", limit: PerformancePage.maxDays)
            .sorted { $0.asOf < $1.asOf }
        guard !evaluations.isEmpty else {
            return ConsolePage(title: "Performance", template: "performance", context: ["hasRuns": false])
        }
        let estimates = Dictionary(try store.figures(EstimateReport.self, kind: "estimate", limit: PerformancePage.maxDays)
            .filter { $0.status == .ok }.map { ($0.asOf, $0) }, uniquingKeysWith: { _, b in b })
        let days = evaluations.map { $0.asOf.description }
        func judged(_ e: EvaluationReport) -> Bool { e.status == .ok }
        func band(_ ci: [Double]) -> (low: Double, high: Double)? { ci.count == 2 ? (ci[0], ci[1]) : nil }
        var accuracySeries = [LineChart.Series(name: "realised accuracy", values: evaluations.map { judged($0) ? $0.accuracy : nil },
                                               band: evaluations.map { judged($0) ? band($0.accuracyCI) : nil }),
                              LineChart.Series(name: "holdout baseline", values: evaluations.map { $0.baselineAccuracy })]
        if !estimates.isEmpty {
            accuracySeries.append(.init(name: "label-free estimate", values: evaluations.map { estimates[$0.asOf]?.estimate.expectedAccuracy }))
        }
        let accuracy = LineChart(title: "Realised accuracy per day", description: "Accuracy of the serving version on labelled rows, with its 95% Wilson interval as a band, against the holdout baseline, on \(days.count) days.",
                                 xLabels: days, series: accuracySeries, yDigits: 2)
        let guardrail = env.config.monitoring.maxHarmRate
        let harm = LineChart(title: "Harm rate per day", description: "Share of labelled rows given a costly wrong segment, with its 95% Wilson interval; dashed line: the guardrail \(guardrail).",
                             xLabels: days, series: [.init(name: "harm rate", values: evaluations.map { judged($0) ? $0.harmRate : nil },
                                                           band: evaluations.map { judged($0) ? band($0.harmRateCI) : nil })],
                             thresholds: [("guardrail", guardrail)], yDigits: 3)
        let rows = evaluations.reversed().map { e -> [String: Any] in
            ["day": e.asOf.description, "version": e.version, "n": e.n,
             "accuracy": judged(e) ? HTML.number(e.accuracy) : "–",
             "accuracyCI": judged(e) ? "\(HTML.number(e.accuracyCI.first))–\(HTML.number(e.accuracyCI.last))" : "–",
             "baseline": HTML.number(e.baselineAccuracy), "harm": judged(e) ? HTML.number(e.harmRate) : "–",
             "harmCI": judged(e) ? "\(HTML.number(e.harmRateCI.first))–\(HTML.number(e.harmRateCI.last))" : "–",
             "estimate": HTML.number(estimates[e.asOf]?.estimate.expectedAccuracy), "guardrail": e.guardrail.status]
        }
        return ConsolePage(title: "Performance", template: "performance", context: [
            "hasRuns": true, "hasEstimate": !estimates.isEmpty, "accuracyChart": accuracy.svg(), "harmChart": harm.svg(), "rows": rows,
        ])
    }
}

import SegmentModel
import SegmentStore

/// The production version's last fair-lending audit (the `fairness` monitor run) as the `fairness.disparity` signal.
extension SignalCollector {
    func fairnessSignal(_ run: MonitorRun) -> Signal? {
        guard let cells = try? run.figures["cells"]?.decode([DisparityCell].self) else { return nil }
        let gated = cells.filter { $0.gated && !$0.isReference }
        let failing = gated.filter { $0.verdict == .fail }
        // The failing cell with the lowest ratio, else the lowest judged ratio.
        let worst = failing.min { $0.air < $1.air } ?? gated.filter { $0.verdict != .inconclusive }.min { $0.air < $1.air }
        let f = SignalCollector.f
        let verdict = run.figures["verdict"]?.stringValue ?? run.status
        return Signal(
            source: "fairness.disparity", value: worst?.air, active: verdict == "fail",
            known: verdict != "skipped" && verdict != "inconclusive",
            figures: ["verdict": verdict, "reason": run.figures["verdict_reason"]?.stringValue ?? "",
                      "failing_cells": String(failing.count),
                      "attribute": worst?.attribute ?? "-", "group": worst?.group ?? "-", "segment": worst?.segment ?? "-",
                      "air": worst.map { f($0.air) } ?? "-", "p_holm": worst?.pHolm.map(f) ?? "-",
                      "threshold": run.figures["settings"]?["air_threshold"]?.doubleValue.map(f) ?? "0.8",
                      "version": run.version.map { "v\($0)" } ?? "-", "as_of": run.asOf.description])
    }
}

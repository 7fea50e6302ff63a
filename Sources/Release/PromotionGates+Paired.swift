import Foundation
import SegmentModel
import SegmentStore

/// The relative gates, decided on paired statistics: the candidate − production difference on the same rows with
/// its 95% interval, against a margin. Three outcomes, as in non-inferiority testing: **pass** when the whole
/// interval is on the acceptable side of the margin, **fail** when the whole interval is beyond it, and
/// **inconclusive** (the candidate is held, not rejected) when the interval straddles it — too few discordant rows
/// to tell.
extension PromotionGates {
    /// pass when `acceptable` holds for the worse end of the interval, fail when it fails for the better end.
    func threeWay(worstEnd: Double, bestEnd: Double, acceptable: (Double) -> Bool) -> GateResult.Status {
        acceptable(worstEnd) ? .pass : (acceptable(bestEnd) ? .inconclusive : .fail)
    }

    /// Non-inferiority in accuracy: the interval's lower bound is no further below 0 than `accuracy_margin`.
    func accuracyGate(_ paired: PairedComparison?) -> GateResult {
        let margin = config.release.gates.accuracyMargin
        guard let p = paired else { return skipped("accuracy_non_inferiority", "95% lower bound of Δ ≥ −\(f(margin))") }
        let low = p.accuracyDifferenceCI[0]
        return GateResult(
            gate: "accuracy_non_inferiority",
            status: threeWay(worstEnd: low, bestEnd: p.accuracyDifferenceCI[1]) { $0 >= -margin },
            value: "Δ \(signed(p.accuracyDifference)) [\(signed(low)), \(signed(p.accuracyDifferenceCI[1]))]",
            threshold: "95% interval above −\(f(margin))",
            detail: "paired on \(p.n) rows: only the candidate right on \(p.candidateOnlyCorrect), only production on "
                + "\(p.productionOnlyCorrect) (McNemar p=\(RemedialCheck.p(p.pLessAccurate)) that the candidate is less accurate)")
    }

    /// Non-inferiority in harm: the interval's upper bound is at most `harm_margin` above 0.
    func harmGate(_ paired: PairedComparison?, production: ClassificationMetrics?) -> GateResult {
        let margin = config.release.gates.harmMargin
        guard let p = paired else { return skipped("harm_rate_vs_production", "95% upper bound of Δ ≤ +\(f(margin))") }
        let high = p.harmDifferenceCI[1]
        return GateResult(
            gate: "harm_rate_vs_production",
            status: threeWay(worstEnd: high, bestEnd: p.harmDifferenceCI[0]) { $0 <= margin },
            value: "Δ \(signed(p.harmDifference)) [\(signed(p.harmDifferenceCI[0])), \(signed(high))]",
            threshold: "95% interval below +\(f(margin))",
            detail: "paired on \(p.n) rows: only the candidate harmful on \(p.candidateOnlyHarmful), only production on "
                + "\(p.productionOnlyHarmful); production harm rate \(f(production?.harmRate ?? 0))")
    }

    /// Log-loss no more than `log_loss_tolerance` (relative) worse: the upper bound of the mean per-row difference.
    func logLossGate(_ paired: PairedComparison?, production: ClassificationMetrics?) -> GateResult {
        let tolerance = config.release.gates.logLossTolerance
        guard let p = paired, let production else {
            return skipped("log_loss", "95% upper bound of Δ ≤ production × \(f(tolerance))")
        }
        let ceiling = production.logLoss * tolerance
        let high = p.logLossDifferenceCI[1]
        return GateResult(
            gate: "log_loss", status: threeWay(worstEnd: high, bestEnd: p.logLossDifferenceCI[0]) { $0 <= ceiling },
            value: "Δ \(signed(p.logLossDifference)) [\(signed(p.logLossDifferenceCI[0])), \(signed(high))]",
            threshold: "95% interval below +\(f(ceiling)) (production \(f(production.logLoss)) × \(f(tolerance)))",
            detail: "mean per-row log-loss difference on \(p.n) rows; no more than \(Int((tolerance * 100).rounded()))% worse")
    }

    func signed(_ v: Double) -> String { (v >= 0 ? "+" : "−") + f(abs(v)) }

    /// `candidate` against `other` on the labelled rows of `window` neither trained on.
    public func paired(_ candidate: Int, against other: Int, window: DayRange, knownBy: Day?) throws -> PairedComparison {
        let registry = ModelRegistry(database: database)
        let a = try registry.artifact(candidate), b = try registry.artifact(other)
        let data = try ObservationStore(database: database)
            .loadLabelled(window, excludingAll: [a.training.trainWindow, b.training.trainWindow], knownBy: knownBy)
        return PairedComparison(labels: data.labels, candidate: try a.model().probabilities(data.features),
                                production: try b.model().probabilities(data.features),
                                segments: config.schema.segments.count, harmPairs: config.schema.harmPairIndices)
    }
}

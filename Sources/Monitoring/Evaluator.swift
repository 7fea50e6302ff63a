import SegmentConfig
import SegmentModel

/// Measures a version on labelled rows and judges decay and guardrails with Wilson intervals.
public struct Evaluator: Sendable {
    public let monitoring: MonitoringConfig

    public init(monitoring: MonitoringConfig) { self.monitoring = monitoring }

    public func report(version: Int, asOf: Day, window: DayRange, model: SoftmaxModel, baselineAccuracy: Double,
                       data: LabelledData, harmPairs: Set<SegmentPair>) -> EvaluationReport {
        let segments = model.segments
        let metrics = ClassificationMetrics(labels: data.labels, probabilities: model.probabilities(data.features),
                                            segments: segments.count, harmPairs: harmPairs)
        return report(version: version, asOf: asOf, window: window, segments: segments, metrics: metrics,
                      baselineAccuracy: baselineAccuracy)
    }

    /// Judges already computed metrics.
    public func report(version: Int, asOf: Day, window: DayRange, segments: [String], metrics m: ClassificationMetrics,
                       baselineAccuracy: Double) -> EvaluationReport {
        let enough = m.n >= monitoring.minLabelled
        let accuracyCI = WilsonInterval(successes: m.correct, n: m.n)
        let harmCI = WilsonInterval(successes: m.harmCount, n: m.n)
        var recallCI = [String: [Double]]()
        var reasons = [EvaluationReport.Reason]()
        let decay = baselineAccuracy - m.accuracy
        let decayThreshold = baselineAccuracy - monitoring.accuracyTolerance
        let decaySignificant = enough && accuracyCI.high < decayThreshold
        if decaySignificant {
            reasons.append(.init(kind: "accuracy_decay", segment: nil, value: m.accuracy, bound: accuracyCI.high,
                                 threshold: decayThreshold,
                                 message: "accuracy \(f(m.accuracy)) (95% upper bound \(f(accuracyCI.high))) is below baseline \(f(baselineAccuracy)) − tolerance \(f(monitoring.accuracyTolerance))"))
        }
        if enough && harmCI.low > monitoring.maxHarmRate {
            reasons.append(.init(kind: "harm_rate", segment: nil, value: m.harmRate, bound: harmCI.low,
                                 threshold: monitoring.maxHarmRate,
                                 message: "harm rate \(f(m.harmRate)) (95% lower bound \(f(harmCI.low))) exceeds max_harm_rate \(f(monitoring.maxHarmRate))"))
        }
        for (k, segment) in segments.enumerated() {
            let support = m.support[k]
            let ci = WilsonInterval(successes: m.confusion[k][k], n: support)
            recallCI[segment] = ci.bounds
            if enough && support >= monitoring.minSegmentLabelled && ci.high < monitoring.minRecall {
                reasons.append(.init(kind: "recall", segment: segment, value: m.recall[k], bound: ci.high,
                                     threshold: monitoring.minRecall,
                                     message: "\(segment) recall \(f(m.recall[k])) (95% upper bound \(f(ci.high))) is below min_recall \(f(monitoring.minRecall))"))
            }
        }
        let guardrail = EvaluationReport.Guardrail(
            tripped: !reasons.isEmpty, status: !enough ? "inconclusive" : (reasons.isEmpty ? "ok" : "tripped"),
            reasons: reasons)
        let named = MetricsReport(m, segments: segments)
        return EvaluationReport(
            version: version, asOf: asOf, window: window, status: enough ? .ok : .insufficientData, n: m.n,
            minLabelled: monitoring.minLabelled, accuracy: m.accuracy, accuracyCI: accuracyCI.bounds,
            baselineAccuracy: baselineAccuracy, decay: decay, decaySignificant: decaySignificant,
            tolerance: monitoring.accuracyTolerance, logLoss: m.logLoss, harmRate: m.harmRate, harmRateCI: harmCI.bounds,
            recall: named.recall, recallCI: recallCI, support: named.support, confusion: named.confusion,
            guardrail: guardrail)
    }

    func f(_ v: Double) -> String {
        let scaled = (v * 10_000).rounded() / 10_000
        return String(scaled)
    }
}

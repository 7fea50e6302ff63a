import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

/// Evaluates a candidate against the production version on the same labelled rows.
///
/// The relative gates are paired: both models score exactly the same rows, so the gates decide on the paired
/// difference and its 95% interval (McNemar's discordant rows for proportions) rather than on two point values and
/// a margin. The rows are the candidate's holdout (or `gates.window_days` ending there, or the window the caller
/// gives), minus any day either model trained on, counting only labels known by `knownBy`.
public struct PromotionGates: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    /// - Parameters:
    ///   - production: the version to compare with (nil: none in production; gates needing it are skipped).
    ///   - window: the rows to compare on (default: the candidate's holdout, or `gates.window_days` ending there).
    ///   - knownBy: count only labels known by this day (default: every stored label).
    public func evaluate(candidate: Int, production: Int?, window requested: DayRange? = nil,
                         knownBy: Day? = nil) throws -> GateReport {
        let registry = ModelRegistry(database: database)
        let g = config.release.gates
        let segments = config.schema.segments
        var gates = [GateResult]()
        let candidateArtifact: ModelArtifact
        do {
            candidateArtifact = try registry.artifact(candidate)
            gates.append(GateResult(gate: "artifact_hash", status: .pass, value: "verified",
                                    threshold: "sha256 matches", detail: "artifact bytes match the registered SHA-256"))
        } catch let error as StoreError {
            let window = DayRange(from: Day(index: 0), to: Day(index: 0))
            let failed = GateResult(gate: "artifact_hash", status: .fail, value: "mismatch", threshold: "sha256 matches",
                                    detail: error.description)
            return GateReport(candidate: candidate, production: production, window: window, n: 0, verdict: .fail,
                              gates: [failed], candidateMetrics: nil, productionMetrics: nil)
        }
        let pArtifact = try production.map { try registry.artifact($0) }
        let holdout = candidateArtifact.training.holdoutWindow
        let window = requested ?? (g.windowDays > 0 ? DayRange(ending: holdout.to, length: g.windowDays) : holdout)
        let trained = [candidateArtifact.training.trainWindow] + (pArtifact.map { [$0.training.trainWindow] } ?? [])
        let data = try ObservationStore(database: database).loadLabelled(window, excludingAll: trained, knownBy: knownBy)
        let harm = config.schema.harmPairIndices
        let candidateModel = try candidateArtifact.model()
        let cProbs = candidateModel.probabilities(data.features)
        let c = ClassificationMetrics(labels: data.labels, probabilities: cProbs, segments: segments.count, harmPairs: harm)

        // Evidence first: too few labels is "inconclusive", not a verdict on the model.
        let perSegment = c.support
        let thinSegments = segments.indices.filter { perSegment[$0] < g.minSegmentRows }.map { segments[$0] }
        let enough = c.n >= g.minRows && thinSegments.isEmpty
        gates.append(GateResult(
            gate: "evidence", status: enough ? .pass : .inconclusive,
            value: "\(c.n) rows; " + segments.indices.map { "\(segments[$0]) \(perSegment[$0])" }.joined(separator: ", "),
            threshold: "≥ \(g.minRows) rows, ≥ \(g.minSegmentRows) per segment",
            detail: enough ? "labelled rows \(window)" : "not enough labelled rows in \(window)"
                + (thinSegments.isEmpty ? "" : " (thin: \(thinSegments.joined(separator: ", ")))")))

        var p: ClassificationMetrics?
        var pModel: SoftmaxModel?
        var paired: PairedComparison?
        if let pArtifact {
            let model = try pArtifact.model()
            let pProbs = model.probabilities(data.features)
            pModel = model
            p = ClassificationMetrics(labels: data.labels, probabilities: pProbs, segments: segments.count, harmPairs: harm)
            paired = PairedComparison(labels: data.labels, candidate: cProbs, production: pProbs, segments: segments.count,
                                      harmPairs: harm)
        }
        gates.append(accuracyGate(paired))
        gates.append(recallGate(c))
        gates.append(GateResult(gate: "harm_rate_max", status: c.harmRate <= g.maxHarmRate ? .pass : .fail,
                                value: f(c.harmRate), threshold: "≤ \(f(g.maxHarmRate))",
                                detail: "share of rows whose (true, predicted) pair is harmful"))
        gates.append(harmGate(paired, production: p))
        gates.append(logLossGate(paired, production: p))
        // Predicted segment mix of candidate vs production on the same rows.
        if let pModel, data.count > 0 {
            let k = segments.count
            let cMix = PSI.shares(PSI.categoryCounts(candidateModel.predictions(data.features), categories: k))
            let pMix = PSI.shares(PSI.categoryCounts(pModel.predictions(data.features), categories: k))
            let psi = PSI.value(reference: pMix, current: cMix)
            gates.append(GateResult(gate: "segment_mix_psi", status: psi <= g.segmentMixPSI ? .pass : .fail,
                                    value: f(psi), threshold: "≤ \(f(g.segmentMixPSI))",
                                    detail: "production mix " + zip(segments, pMix).map { "\($0) \(f($1))" }.joined(separator: "/")
                                        + "; candidate " + zip(segments, cMix).map { "\($0) \(f($1))" }.joined(separator: "/")))
        } else {
            gates.append(skipped("segment_mix_psi", "≤ \(f(g.segmentMixPSI))"))
        }
        // Data quality: the candidate must not have learned from a broken feed.
        if let pArtifact {
            gates.append(try dataQuality(candidate: candidateArtifact, productionReference: pArtifact.reference))
        } else {
            gates.append(skipped("data_quality", "no feature critical vs production reference"))
        }

        let (fairnessGate, fairness) = try fairnessGate(candidate: candidate, production: production, knownBy: knownBy)
        gates.append(fairnessGate)

        let verdict: GateReport.Verdict = gates.contains { $0.status == .fail } ? .fail
            : (gates.contains { $0.status == .inconclusive } ? .inconclusive : .pass)
        var failing = [String]()
        if let p, enough {
            if p.harmRate > g.maxHarmRate { failing.append("harm_rate_max") }
            if p.recall.contains(where: { $0 < g.recallFloor }) { failing.append("recall_floor") }
        }
        return GateReport(candidate: candidate, production: production, window: window, n: c.n, verdict: verdict,
                          gates: gates, candidateMetrics: MetricsReport(c, segments: segments),
                          productionMetrics: p.map { MetricsReport($0, segments: segments) }, paired: paired,
                          productionFailing: failing,
                          remedial: paired.map { RemedialCheck(paired: $0, gates: gates, alpha: config.release.remedial.alpha) },
                          fairness: fairness)
    }

    func recallGate(_ c: ClassificationMetrics) -> GateResult {
        let g = config.release.gates, segments = config.schema.segments
        let low = segments.indices.filter { c.recall[$0] < g.recallFloor }
        return GateResult(gate: "recall_floor", status: low.isEmpty ? .pass : .fail,
                          value: segments.indices.map { "\(segments[$0]) \(f(c.recall[$0]))" }.joined(separator: ", "),
                          threshold: "≥ \(f(g.recallFloor)) each",
                          detail: low.isEmpty ? "every segment's recall clears the floor"
                              : "below the floor: \(low.map { segments[$0] }.joined(separator: ", "))")
    }

    /// PSI of every feature of the candidate's training rows against the production version's frozen reference.
    func dataQuality(candidate: ModelArtifact, productionReference: ReferenceProfile) throws -> GateResult {
        let matrix = try ObservationStore(database: database)
            .loadLabelled(candidate.training.trainWindow, knownBy: candidate.training.labelsKnownBy).features
        let calculator = DriftCalculator(monitoring: config.monitoring)
        var critical = [(String, Double)]()
        var worst = ("", 0.0)
        for (j, ref) in productionReference.features.enumerated() {
            let counts = DriftCalculator.binCounts(matrix, column: j, edges: ref.edges)
            let psi = PSI.value(reference: ref.shares, current: PSI.shares(counts))
            if psi > worst.1 { worst = (ref.name, psi) }
            if calculator.thresholds(ref.name).band(psi) == .critical { critical.append((ref.name, psi)) }
        }
        return GateResult(
            gate: "data_quality", status: critical.isEmpty ? .pass : .fail,
            value: critical.isEmpty ? "worst \(worst.0) \(f(worst.1))" : critical.map { "\($0.0) \(f($0.1))" }.joined(separator: ", "),
            threshold: "no feature in the critical PSI band",
            detail: critical.isEmpty ? "training window \(candidate.training.trainWindow) looks like production's reference"
                : "features of the training window \(candidate.training.trainWindow) are critical against production's reference: a broken feed must not be learned")
    }

    func skipped(_ gate: String, _ threshold: String) -> GateResult {
        GateResult(gate: gate, status: .skipped, value: "-", threshold: threshold, detail: "no production version to compare with")
    }

    func f(_ v: Double) -> String { String(format: "%.4f", v) }
}

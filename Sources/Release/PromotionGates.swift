import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

/// Evaluates a candidate against the production version on the same recent labelled rows.
public struct PromotionGates: Sendable {
    public let database: SegmentDatabase
    public let config: SegmentOpsConfig

    public init(database: SegmentDatabase, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    /// - Parameter production: the version to compare with (nil: none in production; gates needing it are skipped).
    public func evaluate(candidate: Int, production: Int?) throws -> GateReport {
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
        let holdout = candidateArtifact.training.holdoutWindow
        let window = g.windowDays > 0 ? DayRange(ending: holdout.to, length: g.windowDays) : holdout
        let data = try ObservationStore(database: database).loadLabelled(window)
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
        var pArtifact: ModelArtifact?
        if let production {
            let artifact = try registry.artifact(production)
            let model = try artifact.model()
            pArtifact = artifact
            pModel = model
            p = ClassificationMetrics(labels: data.labels, probabilities: model.probabilities(data.features),
                                      segments: segments.count, harmPairs: harm)
        }
        func skipped(_ gate: String, _ threshold: String) -> GateResult {
            GateResult(gate: gate, status: .skipped, value: "-", threshold: threshold, detail: "no production version to compare with")
        }
        // Accuracy non-inferiority.
        if let p {
            let floor = p.accuracy - g.accuracyMargin
            gates.append(GateResult(gate: "accuracy_non_inferiority", status: c.accuracy >= floor ? .pass : .fail,
                                    value: f(c.accuracy), threshold: "≥ \(f(floor)) (production \(f(p.accuracy)) − \(f(g.accuracyMargin)))",
                                    detail: "candidate accuracy vs production on the same rows"))
        } else {
            gates.append(skipped("accuracy_non_inferiority", "≥ production − \(f(g.accuracyMargin))"))
        }
        // Recall floor per segment.
        let low = segments.indices.filter { c.recall[$0] < g.recallFloor }
        gates.append(GateResult(gate: "recall_floor", status: low.isEmpty ? .pass : .fail,
                                value: segments.indices.map { "\(segments[$0]) \(f(c.recall[$0]))" }.joined(separator: ", "),
                                threshold: "≥ \(f(g.recallFloor)) each",
                                detail: low.isEmpty ? "every segment's recall clears the floor"
                                    : "below the floor: \(low.map { segments[$0] }.joined(separator: ", "))"))
        // Harm rate, absolute and against production.
        gates.append(GateResult(gate: "harm_rate_max", status: c.harmRate <= g.maxHarmRate ? .pass : .fail,
                                value: f(c.harmRate), threshold: "≤ \(f(g.maxHarmRate))",
                                detail: "share of rows whose (true, predicted) pair is harmful"))
        if let p {
            let ceiling = p.harmRate + g.harmMargin
            gates.append(GateResult(gate: "harm_rate_vs_production", status: c.harmRate <= ceiling ? .pass : .fail,
                                    value: f(c.harmRate), threshold: "≤ \(f(ceiling)) (production \(f(p.harmRate)) + \(f(g.harmMargin)))",
                                    detail: "candidate harm vs production on the same rows"))
            let llCeiling = p.logLoss * (1 + g.logLossTolerance)
            gates.append(GateResult(gate: "log_loss", status: c.logLoss <= llCeiling ? .pass : .fail,
                                    value: f(c.logLoss), threshold: "≤ \(f(llCeiling)) (production \(f(p.logLoss)) × \(f(1 + g.logLossTolerance)))",
                                    detail: "no more than \(Int((g.logLossTolerance * 100).rounded()))% worse"))
        } else {
            gates.append(skipped("harm_rate_vs_production", "≤ production + \(f(g.harmMargin))"))
            gates.append(skipped("log_loss", "≤ production × \(f(1 + g.logLossTolerance))"))
        }
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

        let verdict: GateReport.Verdict = gates.contains { $0.status == .fail } ? .fail
            : (gates.contains { $0.status == .inconclusive } ? .inconclusive : .pass)
        return GateReport(candidate: candidate, production: production, window: window, n: c.n, verdict: verdict,
                          gates: gates, candidateMetrics: MetricsReport(c, segments: segments),
                          productionMetrics: p.map { MetricsReport($0, segments: segments) })
    }

    /// PSI of every feature of the candidate's training rows against the production version's frozen reference.
    func dataQuality(candidate: ModelArtifact, productionReference: ReferenceProfile) throws -> GateResult {
        let matrix = try ObservationStore(database: database).loadLabelled(candidate.training.trainWindow).features
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

    func f(_ v: Double) -> String { String(format: "%.4f", v) }
}

import Foundation
import Release
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing

@Suite("Paired statistics behind the gates: McNemar, paired intervals, remedial eligibility, the label-free estimate")
struct PairedStatisticsTests {
    @Test("McNemar's exact one-sided p-value")
    func mcnemar() {
        // 10 of 12 discordant rows favour the first: P(X ≥ 10 | 12, ½) = (66 + 12 + 1) / 4096.
        #expect(abs(McNemar.pFirstBetter(b: 10, c: 2) - 79.0 / 4096.0) < 1e-12)
        #expect(McNemar.pFirstBetter(b: 0, c: 0) == 1)
        #expect(McNemar.pFirstBetter(b: 0, c: 7) == 1)
        #expect(abs(McNemar.pFirstBetter(b: 7, c: 0) - 1.0 / 128.0) < 1e-12)
        // Large counts stay finite and agree with the normal approximation (z = 100/√1100 ≈ 3.015 → p ≈ 0.0013).
        let p = McNemar.pFirstBetter(b: 600, c: 500)
        #expect(p > 0.0009 && p < 0.0017, "\(p)")
    }

    /// Labels and two models' one-hot probabilities from per-row predictions.
    private func paired(_ rows: [(truth: Int32, candidate: Int, production: Int)]) -> PairedComparison {
        func probs(_ p: [Int]) -> [Double] { p.flatMap { c in (0..<3).map { $0 == c ? 0.98 : 0.01 } } }
        return PairedComparison(labels: rows.map(\.truth), candidate: probs(rows.map(\.candidate)),
                                production: probs(rows.map(\.production)), segments: 3,
                                harmPairs: SegmentSchema.standard.harmPairIndices)
    }

    @Test("paired differences: discordant counts, Agresti–Min intervals, harm on the harm pairs")
    func pairedComparison() {
        // 30 rows only the candidate gets right (production calls builders acquirers: harmful), 5 the reverse.
        let rows = Array(repeating: (Int32(1), 1, 0), count: 30) + Array(repeating: (Int32(2), 1, 2), count: 5)
            + Array(repeating: (Int32(0), 0, 0), count: 965)
        let p = paired(rows.map { (truth: $0.0, candidate: $0.1, production: $0.2) })
        #expect(p.n == 1000 && p.candidateOnlyCorrect == 30 && p.productionOnlyCorrect == 5)
        #expect(abs(p.accuracyDifference - 0.025) < 1e-12)
        #expect(p.accuracyDifferenceCI[0] > 0 && p.accuracyDifferenceCI[0] < 0.025 && p.accuracyDifferenceCI[1] > 0.025)
        #expect(p.productionOnlyHarmful == 30 && p.candidateOnlyHarmful == 0)
        #expect(p.pMoreAccurate < 1e-4 && p.pLessHarmful < 1e-8 && p.pLessAccurate > 0.99)
    }

    @Test("remedial eligibility: significantly better and not significantly worse, prerequisites passed")
    func remedialCheck() {
        let better = paired(Array(repeating: (Int32(1), 1, 0), count: 30) + Array(repeating: (Int32(0), 0, 0), count: 500))
        let pass = [GateResult(gate: "artifact_hash", status: .pass, value: "", threshold: "", detail: ""),
                    GateResult(gate: "evidence", status: .pass, value: "", threshold: "", detail: ""),
                    GateResult(gate: "harm_rate_max", status: .fail, value: "", threshold: "", detail: ""),
                    GateResult(gate: "data_quality", status: .pass, value: "", threshold: "", detail: "")]
        let ok = RemedialCheck(paired: better, gates: pass, alpha: 0.05)
        #expect(ok.eligible && ok.missedAbsoluteGates == ["harm_rate_max"] && ok.reason.contains("McNemar"))
        var broken = pass
        broken[3] = GateResult(gate: "data_quality", status: .fail, value: "", threshold: "", detail: "")
        #expect(!RemedialCheck(paired: better, gates: broken, alpha: 0.05).eligible)
        let thin = paired(Array(repeating: (Int32(1), 1, 0), count: 3) + Array(repeating: (Int32(0), 0, 0), count: 500))
        #expect(!RemedialCheck(paired: thin, gates: pass, alpha: 0.05).eligible)  // p = 1/8: not significant
        let tradeOff = paired(Array(repeating: (Int32(1), 1, 0), count: 30) + Array(repeating: (Int32(1), 0, 1), count: 25)
                              + Array(repeating: (Int32(0), 0, 0), count: 500))
        #expect(!RemedialCheck(paired: tradeOff, gates: pass, alpha: 0.05).eligible)
    }

    @Test("the label-free estimate: expected accuracy and harm from probabilities, calibrated on reference rows")
    func estimate() throws {
        // Rows predicted builder with 0.7; truly builder 90% of the time (the model is under-confident).
        var probabilities = [Double](), labels = [Int32]()
        for i in 0..<1000 {
            probabilities += [0.2, 0.7, 0.1]
            labels.append(i % 10 == 0 ? 0 : 1)
        }
        let raw = PerformanceEstimate(probabilities: probabilities, segments: 3, harmPairs: SegmentSchema.standard.harmPairIndices)
        #expect(abs(raw.expectedAccuracy - 0.7) < 1e-9 && raw.accuracyCI[0] < 0.7 && raw.accuracyCI[1] > 0.7)
        #expect(abs(raw.expectedHarmRate - 0) < 1e-9)  // predicting builder is never harmful
        let calibration = try #require(ConfidenceCalibration(probabilities: probabilities, labels: labels, segments: 3,
                                                             harmPairs: SegmentSchema.standard.harmPairIndices))
        let calibrated = PerformanceEstimate(probabilities: probabilities, segments: 3,
                                             harmPairs: SegmentSchema.standard.harmPairIndices, calibration: calibration)
        #expect(abs(calibrated.expectedAccuracy - 0.9) < 0.01, "\(calibrated.expectedAccuracy)")
        // Predicting acquirer with 0.5 acquirer, 0.3 builder, 0.2 optimizer: harm chance 0.5.
        let acquirer = PerformanceEstimate(probabilities: [0.5, 0.3, 0.2], segments: 3,
                                           harmPairs: SegmentSchema.standard.harmPairIndices)
        #expect(abs(acquirer.expectedHarmRate - 0.5) < 1e-9)
    }
}

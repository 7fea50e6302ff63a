/// Label-free performance estimation (confidence-based, as NannyML's CBPE): what a model's accuracy and harm rate
/// should be on rows whose labels are not known yet, from its own probabilities.
///
/// For a row predicted as segment p, the chance of being right is the model's probability of p, and the chance
/// of harm is the summed probability of every true segment t with (t, p) a harm pair. Averaged over the rows, these
/// are the expected accuracy and harm rate; their 95% intervals treat each row as an independent Bernoulli with
/// that chance. The chances are calibrated on the version's holdout first (`ConfidenceCalibration`), as CBPE does
/// on its reference data. **Limit**: it trusts the model's probabilities, so it sees covariate shift (rows moving to where
/// the model is less sure) but not concept drift (the same rows now meaning a different segment).
public struct PerformanceEstimate: Sendable, Equatable, Codable {
    public let n: Int
    public let expectedAccuracy: Double
    public let accuracyCI: [Double]
    public let expectedHarmRate: Double
    public let harmRateCI: [Double]

    enum CodingKeys: String, CodingKey {
        case n
        case expectedAccuracy = "expected_accuracy"
        case accuracyCI = "accuracy_ci"
        case expectedHarmRate = "expected_harm_rate"
        case harmRateCI = "harm_rate_ci"
    }

    /// - Parameters:
    ///   - probabilities: row-major `rows × segments` probabilities.
    ///   - calibration: maps the raw chances to observed rates (fitted on the version's holdout); nil: raw.
    public init(probabilities: [Double], segments k: Int, harmPairs: Set<SegmentPair>,
                calibration: ConfidenceCalibration? = nil) {
        let rows = probabilities.count / k
        var accuracy = 0.0, accuracyVariance = 0.0, harm = 0.0, harmVariance = 0.0
        for r in 0..<rows {
            let (_, rawRight, rawHarm) = ConfidenceCalibration.chances(probabilities, row: r, segments: k, harmPairs: harmPairs)
            let right = calibration?.calibratedCorrect(rawRight) ?? rawRight
            let harmful = calibration?.calibratedHarm(rawHarm) ?? rawHarm
            accuracy += right
            accuracyVariance += right * (1 - right)
            harm += harmful
            harmVariance += harmful * (1 - harmful)
        }
        let n = Double(max(rows, 1))
        self.n = rows
        expectedAccuracy = accuracy / n
        expectedHarmRate = harm / n
        let za = WilsonInterval.z95 * accuracyVariance.squareRoot() / n
        let zh = WilsonInterval.z95 * harmVariance.squareRoot() / n
        accuracyCI = [max(0, expectedAccuracy - za), min(1, expectedAccuracy + za)]
        harmRateCI = [max(0, expectedHarmRate - zh), min(1, expectedHarmRate + zh)]
    }
}

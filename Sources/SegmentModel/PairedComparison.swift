import Foundation

/// A candidate and a production model scored on exactly the same labelled rows: the paired statistics the release
/// gates decide on.
///
/// Differences are candidate − production. Intervals for the accuracy and harm-rate differences are Agresti–Min's
/// (Wald on the 2×2 table of paired outcomes with ½ added to each cell: good coverage even with few discordant
/// rows); the log-loss difference uses the normal interval of the per-row differences. p-values are McNemar's
/// exact one-sided tests on the discordant rows.
public struct PairedComparison: Sendable, Equatable, Codable {
    public let n: Int
    /// Rows the candidate gets right and production wrong, and the reverse.
    public let candidateOnlyCorrect: Int
    public let productionOnlyCorrect: Int
    public let accuracyDifference: Double
    public let accuracyDifferenceCI: [Double]
    /// McNemar: candidate more accurate / less accurate than production.
    public let pMoreAccurate: Double
    public let pLessAccurate: Double
    /// Rows only the candidate gets harmfully wrong, and rows only production does.
    public let candidateOnlyHarmful: Int
    public let productionOnlyHarmful: Int
    public let harmDifference: Double
    public let harmDifferenceCI: [Double]
    /// McNemar: candidate less harmful / more harmful than production.
    public let pLessHarmful: Double
    public let pMoreHarmful: Double
    public let logLossDifference: Double
    public let logLossDifferenceCI: [Double]

    enum CodingKeys: String, CodingKey {
        case n
        case candidateOnlyCorrect = "candidate_only_correct"
        case productionOnlyCorrect = "production_only_correct"
        case accuracyDifference = "accuracy_difference"
        case accuracyDifferenceCI = "accuracy_difference_ci"
        case pMoreAccurate = "p_more_accurate"
        case pLessAccurate = "p_less_accurate"
        case candidateOnlyHarmful = "candidate_only_harmful"
        case productionOnlyHarmful = "production_only_harmful"
        case harmDifference = "harm_difference"
        case harmDifferenceCI = "harm_difference_ci"
        case pLessHarmful = "p_less_harmful"
        case pMoreHarmful = "p_more_harmful"
        case logLossDifference = "log_loss_difference"
        case logLossDifferenceCI = "log_loss_difference_ci"
    }

    /// - Parameters:
    ///   - labels: true segment per row.
    ///   - candidate, production: row-major `rows × segments` probabilities of the two models on those rows.
    public init(labels: [Int32], candidate: [Double], production: [Double], segments k: Int, harmPairs: Set<SegmentPair>) {
        precondition(candidate.count == labels.count * k && production.count == labels.count * k)
        let harmful = Set(harmPairs.map { $0.truth * k + $0.predicted })
        var b = 0, c = 0, hb = 0, hc = 0
        var sum = 0.0, sumSquares = 0.0
        for r in labels.indices {
            let t = Int(labels[r]), base = r * k
            let pc = PairedComparison.argmax(candidate, base, k), pp = PairedComparison.argmax(production, base, k)
            if pc == t && pp != t { b += 1 } else if pc != t && pp == t { c += 1 }
            let hcRow = harmful.contains(t * k + pc), hpRow = harmful.contains(t * k + pp)
            if hcRow && !hpRow { hb += 1 } else if hpRow && !hcRow { hc += 1 }
            let d = -candidate[base + t].clampedLog + production[base + t].clampedLog
            sum += d
            sumSquares += d * d
        }
        let n = labels.count
        self.n = n
        candidateOnlyCorrect = b
        productionOnlyCorrect = c
        accuracyDifference = n > 0 ? Double(b - c) / Double(n) : 0
        accuracyDifferenceCI = PairedComparison.agrestiMin(b, c, n)
        pMoreAccurate = McNemar.pFirstBetter(b: b, c: c)
        pLessAccurate = McNemar.pFirstBetter(b: c, c: b)
        candidateOnlyHarmful = hb
        productionOnlyHarmful = hc
        harmDifference = n > 0 ? Double(hb - hc) / Double(n) : 0
        harmDifferenceCI = PairedComparison.agrestiMin(hb, hc, n)
        pLessHarmful = McNemar.pFirstBetter(b: hc, c: hb)
        pMoreHarmful = McNemar.pFirstBetter(b: hb, c: hc)
        let mean = n > 0 ? sum / Double(n) : 0
        let variance = n > 1 ? max(0, (sumSquares - Double(n) * mean * mean) / Double(n - 1)) : 0
        let half = WilsonInterval.z95 * (variance / Double(max(n, 1))).squareRoot()
        logLossDifference = mean
        logLossDifferenceCI = [mean - half, mean + half]
    }

    /// 95% interval of (b − c)/n for paired proportions, Agresti & Min (2005).
    static func agrestiMin(_ b: Int, _ c: Int, _ n: Int) -> [Double] {
        let m = Double(n) + 2
        let p12 = (Double(b) + 0.5) / m, p21 = (Double(c) + 0.5) / m
        let diff = p12 - p21
        let half = WilsonInterval.z95 * max(0, ((p12 + p21) - diff * diff) / m).squareRoot()
        return [max(-1, diff - half), min(1, diff + half)]
    }

    static func argmax(_ p: [Double], _ base: Int, _ k: Int) -> Int {
        var best = 0
        for j in 1..<k where p[base + j] > p[base + best] { best = j }
        return best
    }
}

import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Measures, after a replay, how the policy served customers: every labelled row of every replayed day (labels as
/// the file finally has them, not only those known at the time) scored by the version that was serving that day,
/// and against every version that was available then.
struct PolicyBacktest {
    let database: any StoreBackend
    let config: SegmentOpsConfig

    /// A version's predictions on the measured rows, and its training days (never measured on).
    struct Scored {
        let version: Int
        let createdAt: Date
        let trained: DayRange
        let predictions: [Int8]
    }

    func measure(_ report: ReplayReport, rows batch: ObservationBatch, policy: ReleasePolicy) throws -> PolicyFigures {
        let from = report.from, to = report.to
        let labelled = (0..<batch.count).filter {
            batch.labels[$0] != LabelledData.unlabelled && batch.days[$0] >= from - 7 && batch.days[$0] <= to
        }
        let features = FeatureMatrix(columns: batch.featureCount, values: []).appending(rows: labelled, of: batch)
        let labels = labelled.map { batch.labels[$0] }
        let days = labelled.map { batch.days[$0] }
        let k = config.schema.segments.count
        let harmful = Set(config.schema.harmPairIndices.map { $0.truth * k + $0.predicted })
        let registry = ModelRegistry(database: database)
        let scored = try registry.list().map { v -> Scored in
            let artifact = try registry.artifact(v.version)
            return Scored(version: v.version, createdAt: Timestamp.parse(v.createdAt) ?? .distantFuture,
                          trained: artifact.training.trainWindow,
                          predictions: try artifact.model().predictions(features).map { Int8($0) })
        }
        let byVersion = Dictionary(uniqueKeysWithValues: scored.map { ($0.version, $0) })
        let alpha = config.release.remedial.alpha

        var correct = 0, total = 0, harmRows = 0, avoidable = 0
        var trailing = [(Day, Double)]()
        var day = from
        while day <= to {
            defer { day = day + 1 }
            let noon = Replay.time(day, hour: 12)
            guard let serving = try registry.production(at: noon).flatMap({ byVersion[$0.version] }) else { continue }
            for r in days.indices where days[r] == day {
                let p = Int(serving.predictions[r]), t = Int(labels[r])
                total += 1
                if p == t { correct += 1 }
                if harmful.contains(t * k + p) { harmRows += 1 }
            }
            // Judged on the rows the night's decision could have seen: the 7 days before the serving day.
            let window = DayRange(ending: day - 1, length: 7)
            let rows = days.indices.filter { window.contains(days[$0]) && !serving.trained.contains(days[$0]) }
            let current = DayRange(ending: day, length: 7)
            trailing.append((day, accuracy(serving, days.indices.filter { current.contains(days[$0]) && !serving.trained.contains(days[$0]) }, labels)))
            let available = scored.filter { $0.createdAt <= noon && $0.version != serving.version }
            let tests = Double(max(1, 2 * available.count))
            let better = available.contains { other in
                let shared = rows.filter { !other.trained.contains(days[$0]) }
                let (b, c, hb, hc) = discordant(other, serving, shared, labels, k: k, harmful: harmful)
                return McNemar.pFirstBetter(b: b, c: c) < alpha / tests || McNemar.pFirstBetter(b: hc, c: hb) < alpha / tests
            }
            if better { avoidable += 1 }
        }
        let (recoveryDays, recovered) = recovery(trailing, scored: scored, days: days, labels: labels, end: to)
        let alerts = report.summary.alertsFired.filter { $0.key != "Watchdog" }.values.reduce(0, +)
        return PolicyFigures(name: policy.rawValue, meanAccuracy: total > 0 ? Double(correct) / Double(total) : 0,
                             harmRows: harmRows, avoidableHarmDays: avoidable, recoveryDays: recoveryDays,
                             recovered: recovered, promotions: report.summary.promotions,
                             remedialPromotions: report.summary.remedialPromotions, rollbacks: report.summary.rollbacks,
                             alerts: alerts, database: database.location)
    }

    /// Onset: the first day the 7-day accuracy falls 0.03 below the first week's level. Recovered: the first later
    /// day it is back within 0.02 of the lower of that level and what the best version reaches at the end.
    func recovery(_ trailing: [(Day, Double)], scored: [Scored], days: [Day], labels: [Int32], end: Day) -> (Int, Bool) {
        guard trailing.count >= 7 else { return (0, true) }
        let reference = trailing.prefix(7).map(\.1).reduce(0, +) / 7
        guard let onset = trailing.firstIndex(where: { $0.1 < reference - 0.03 }) else { return (0, true) }
        let last = DayRange(ending: end, length: 7)
        let best = scored.map { v in
            accuracy(v, days.indices.filter { last.contains(days[$0]) && !v.trained.contains(days[$0]) }, labels)
        }.max() ?? reference
        let target = min(reference, best) - 0.02
        if let back = trailing[(onset + 1)...].firstIndex(where: { $0.1 >= target }) {
            return (trailing[back].0 - trailing[onset].0, true)
        }
        return (end - trailing[onset].0 + 1, false)
    }

    func accuracy(_ v: Scored, _ rows: [Int], _ labels: [Int32]) -> Double {
        guard !rows.isEmpty else { return 0 }
        return Double(rows.filter { Int32(v.predictions[$0]) == labels[$0] }.count) / Double(rows.count)
    }

    /// Discordant counts of `a` against `b`: only-a-right, only-b-right, only-a-harmful, only-b-harmful.
    func discordant(_ a: Scored, _ b: Scored, _ rows: [Int], _ labels: [Int32], k: Int,
                    harmful: Set<Int>) -> (Int, Int, Int, Int) {
        var ab = 0, ba = 0, ha = 0, hb = 0
        for r in rows {
            let t = Int(labels[r]), pa = Int(a.predictions[r]), pb = Int(b.predictions[r])
            if pa == t && pb != t { ab += 1 } else if pb == t && pa != t { ba += 1 }
            let xa = harmful.contains(t * k + pa), xb = harmful.contains(t * k + pb)
            if xa && !xb { ha += 1 } else if xb && !xa { hb += 1 }
        }
        return (ab, ba, ha, hb)
    }
}

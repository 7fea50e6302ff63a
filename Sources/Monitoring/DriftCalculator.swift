import Dispatch
import SegmentConfig
import SegmentModel

/// Computes PSI per feature and on the predicted segment mix, against a version's frozen reference.
public struct DriftCalculator: Sendable {
    public let monitoring: MonitoringConfig

    public init(monitoring: MonitoringConfig) { self.monitoring = monitoring }

    public func thresholds(_ feature: String) -> PSIThresholds {
        let t = monitoring.thresholds(for: feature)
        return PSIThresholds(warning: t.warning, critical: t.critical)
    }

    /// - Parameters:
    ///   - current: the window's rows (features in the reference's feature order).
    ///   - latestDay: the rows of the window's last day, for the newest-day PSI.
    public func report(version: Int, asOf: Day, window: DayRange, reference: ReferenceProfile, model: SoftmaxModel,
                       current: FeatureMatrix, latestDay: FeatureMatrix? = nil) -> DriftReport {
        let enough = current.rows >= monitoring.minRows && current.rows > 0
        let dayEnough = enough && (latestDay?.rows ?? 0) >= monitoring.minRows
        let counts = DriftCalculator.allBinCounts(current, reference: reference)
        let dayCounts = dayEnough ? DriftCalculator.allBinCounts(latestDay!, reference: reference) : nil
        let features = reference.features.enumerated().map { j, ref -> DriftReport.Feature in
            let shares = PSI.shares(counts[j])
            let contributions = zip(ref.shares, shares).map { PSI.contribution(reference: $0, current: $1) }
            let bins = contributions.indices.map { i in
                DriftReport.Bin(lower: i == 0 ? nil : ref.edges[i - 1], upper: i < ref.edges.count ? ref.edges[i] : nil,
                                referenceShare: ref.shares[i], currentShare: shares[i], currentCount: counts[j][i],
                                contribution: contributions[i])
            }
            let psi = contributions.reduce(0, +)
            let dayPSI = dayCounts.map { PSI.value(reference: ref.shares, current: PSI.shares($0[j])) }
            let t = thresholds(ref.name)
            return DriftReport.Feature(name: ref.name, psi: enough ? psi : nil, band: enough ? t.band(psi) : nil,
                                       dayPSI: dayPSI, dayBand: dayPSI.map(t.band), thresholds: t, bins: bins)
        }
        let predicted = model.predictions(current)
        let mixCounts = PSI.categoryCounts(predicted, categories: model.segments.count)
        let mixShares = PSI.shares(mixCounts)
        let mixPSI = PSI.value(reference: reference.segmentMix.shares, current: mixShares)
        let mixThresholds = PSIThresholds(warning: monitoring.psi.warning, critical: monitoring.psi.critical)
        let mix = DriftReport.SegmentMix(
            psi: enough ? mixPSI : nil, band: enough ? mixThresholds.band(mixPSI) : nil,
            reference: Dictionary(uniqueKeysWithValues: zip(reference.segmentMix.segments, reference.segmentMix.shares)),
            current: Dictionary(uniqueKeysWithValues: zip(model.segments, mixShares)),
            currentCounts: Dictionary(uniqueKeysWithValues: zip(model.segments, mixCounts)))
        return DriftReport(version: version, asOf: asOf, window: window, rows: current.rows,
                           dayRows: latestDay?.rows ?? 0, minRows: monitoring.minRows,
                           status: enough ? .ok : .insufficientData, features: features, segmentMix: mix)
    }

    /// Bin counts of every feature, in parallel (features are independent).
    static func allBinCounts(_ matrix: FeatureMatrix, reference: ReferenceProfile) -> [[Int]] {
        let d = reference.features.count
        var counts = [[Int]](repeating: [], count: d)
        counts.withUnsafeMutableBufferPointer { out in
            let target = UnsafeMutableBufferPointerBox(out)
            DispatchQueue.concurrentPerform(iterations: d) { j in
                target.buffer[j] = binCounts(matrix, column: j, edges: reference.features[j].edges)
            }
        }
        return counts
    }

    public static func binCounts(_ matrix: FeatureMatrix, column j: Int, edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count + 1)
        let d = matrix.columns
        matrix.values.withUnsafeBufferPointer { v in
            for r in 0..<matrix.rows { counts[PSI.bin(of: v[r * d + j], edges: edges)] += 1 }
        }
        return counts
    }
}

/// Lets `concurrentPerform` iterations write distinct slots of one buffer.
struct UnsafeMutableBufferPointerBox<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

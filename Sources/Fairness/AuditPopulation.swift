import Foundation
import SegmentModel
import SegmentStore

/// The customers an audit judges: each customer's newest observation in the window ending at the audit day, for
/// the customers with at least one protected attribute, with every attribute aligned to them.
public struct AuditPopulation: Sendable {
    public let window: DayRange
    public let features: FeatureMatrix
    /// True segment index known by the audit day, or negative when unlabelled.
    public let labels: [Int32]
    /// Customers observed in the window without any protected attribute (not judged).
    public let withoutAttributes: Int
    public let columns: [AttributeColumn]
    /// Chained digest of the attribute files the audit read.
    public let attributesDigest: String?

    public var count: Int { labels.count }

    /// Loads the population of the `windowDays` days ending at `asOf`, with labels known by `asOf`. The
    /// observations and the attributes are read concurrently (two read transactions of the same file).
    public static func load(database: any StoreBackend, asOf: Day, windowDays: Int) throws -> AuditPopulation {
        let window = DayRange(ending: asOf, length: windowDays)
        // One after the other, each on every core (side by side they only fight over the two cores and memory).
        let attributes = try AttributeStore(database: database).load()
        let rows = try ObservationStore(database: database).loadKeyed(window, knownBy: asOf)
        // The newest row per customer (rows come in as_of order), found through the attribute index: one lookup
        // per row; customers without attributes are only counted.
        var index = [Int](repeating: -1, count: rows.count)
        var newest = [Int](repeating: -1, count: attributes.customers.count)
        var without = CustomerIndex()
        for i in 0..<rows.count {
            rows.withKey(i) { key in
                if let c = attributes.customers.index(of: key) {
                    index[i] = c
                    newest[c] = i
                } else {
                    without.insert(key)
                }
            }
        }
        var kept = [Int]()
        kept.reserveCapacity(rows.count)
        for i in 0..<rows.count where index[i] >= 0 && newest[index[i]] == i { kept.append(i) }
        let d = rows.featureCount
        // Each customer observed once in the window (weekly observations) keeps every row: no copy.
        let everyRow = kept.count == rows.count
        var features = everyRow ? rows.features : []
        if !everyRow {
            features.reserveCapacity(kept.count * d)
            for i in kept { features += rows.features[(i * d)..<(i * d + d)] }
        }
        let customers = kept.map { index[$0] }
        return AuditPopulation(window: window, features: FeatureMatrix(columns: d, values: features),
                               labels: everyRow ? rows.labels : kept.map { rows.labels[$0] }, withoutAttributes: without.count,
                               columns: attributes.attributes.map { attributes.column($0, customers: customers) },
                               attributesDigest: attributes.digest)
    }
}

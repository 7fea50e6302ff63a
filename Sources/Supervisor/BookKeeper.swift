import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Scores every customer's latest observation with the production version into the segment book.
public struct BookKeeper: Sendable {
    public let database: any StoreBackend
    /// Customers not observed within this many days are left out.
    public var lookbackDays = 35
    /// A score is stored only when the segment changed or a probability moved further than this since the
    /// customer's newest stored score (0: whenever anything differs at all).
    public var tolerance: Double

    public init(database: any StoreBackend, tolerance: Double = StorageConfig().scoreTolerance) {
        self.database = database
        self.tolerance = tolerance
    }

    /// Returns how many entries were written (0 when nothing is in production).
    public func update(asOf: Day, at date: Date) throws -> (version: Int?, customers: Int, written: Int) {
        let registry = ModelRegistry(database: database)
        guard let production = try registry.production() else { return (nil, 0, 0) }
        let model = try registry.artifact(production.version).model()
        let latest = try ObservationStore(database: database).latestPerCustomer(asOf: asOf, lookbackDays: lookbackDays)
        let scoredAt = Timestamp.format(date)
        let book = SegmentBook(database: database)
        let stored = try book.latest()
        var entries = [SegmentBookEntry]()
        for i in 0..<latest.count {
            let score = model.score(Array(latest.row(i)))
            let entry = SegmentBookEntry(
                customerID: latest.customerIDs[i], asOf: latest.days[i], version: production.version, scoredAt: scoredAt,
                segment: model.segments[score.segment], margin: score.margin,
                probabilities: Dictionary(uniqueKeysWithValues: zip(model.segments, score.probabilities)))
            if SegmentBook.moved(entry, from: stored[entry.customerID], segments: database.schema.segments, tolerance: tolerance) {
                entries.append(entry)
            }
        }
        let written = try book.store(entries)
        return (production.version, latest.count, written)
    }
}

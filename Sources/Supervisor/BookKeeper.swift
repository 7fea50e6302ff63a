import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Scores every customer's latest observation with the production version into the segment book.
public struct BookKeeper: Sendable {
    public let database: SegmentDatabase
    /// Customers not observed within this many days are left out.
    public var lookbackDays = 35

    public init(database: SegmentDatabase) { self.database = database }

    /// Returns how many entries were written (0 when nothing is in production).
    public func update(asOf: Day, at date: Date) throws -> (version: Int?, customers: Int, written: Int) {
        let registry = ModelRegistry(database: database)
        guard let production = try registry.production() else { return (nil, 0, 0) }
        let model = try registry.artifact(production.version).model()
        let latest = try ObservationStore(database: database).latestPerCustomer(asOf: asOf, lookbackDays: lookbackDays)
        let scoredAt = Timestamp.format(date)
        var entries = [SegmentBookEntry]()
        entries.reserveCapacity(latest.count)
        for i in 0..<latest.count {
            let score = model.score(Array(latest.row(i)))
            entries.append(SegmentBookEntry(
                customerID: latest.customerIDs[i], asOf: latest.days[i], version: production.version, scoredAt: scoredAt,
                segment: model.segments[score.segment], margin: score.margin,
                probabilities: Dictionary(uniqueKeysWithValues: zip(model.segments, score.probabilities))))
        }
        let written = try SegmentBook(database: database).store(entries)
        return (production.version, latest.count, written)
    }
}

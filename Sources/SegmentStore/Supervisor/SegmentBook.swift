import Foundation
import SegmentModel

/// One customer's scored segment on a day, by a version: what the service agent's screen shows.
public struct SegmentBookEntry: Sendable, Equatable, Codable {
    public let customerID: String
    public let asOf: Day
    public let version: Int
    public let scoredAt: String
    public let segment: String
    public let margin: Double
    public let probabilities: [String: Double]
    /// Scored while a critical data-drift alert fired: not used as evidence for the confirmed segment.
    public var suspect = false

    enum CodingKeys: String, CodingKey {
        case version, segment, margin, probabilities, suspect
        case customerID = "customer_id"
        case asOf = "as_of"
        case scoredAt = "scored_at"
    }

    public init(customerID: String, asOf: Day, version: Int, scoredAt: String, segment: String, margin: Double,
                probabilities: [String: Double]) {
        self.customerID = customerID
        self.asOf = asOf
        self.version = version
        self.scoredAt = scoredAt
        self.segment = segment
        self.margin = margin
        self.probabilities = probabilities
    }

    /// An entry as stored: probabilities as doubles in the order of `segments`.
    init(row: SQLRow, segments: [String]) {
        customerID = row["customer_id"]
        asOf = Day(row["as_of"] as String) ?? Day(index: 0)
        version = row["version"]
        scoredAt = row["scored_at"]
        segment = row["segment"]
        margin = row["margin"]
        probabilities = Dictionary(uniqueKeysWithValues: zip(segments, DoubleBlob.decode(row["probabilities"], count: segments.count)))
        suspect = (row["suspect"] as Int?) == 1
    }
}

/// The segment book: every customer's latest observation scored nightly by the production version, stored when it
/// moved (another segment, or a probability further than `storage.score_tolerance`) since the customer's newest.
public struct SegmentBook: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    /// Stores entries in one transaction; an entry already stored for (customer, as_of, version) is kept. Each
    /// stored entry that is newer than its customer's newest becomes the newest (`segment_book_latest`).
    @discardableResult
    public func store(_ entries: [SegmentBookEntry]) throws -> Int {
        let segments = backend.schema.segments
        return try backend.write { db in
            var inserted = 0
            for e in entries {
                let probabilities = DoubleBlob.encode(segments.map { e.probabilities[$0] ?? 0 })
                let stored = try db.run("""
                    INSERT INTO segment_book (customer_id, as_of, version, scored_at, segment, margin, probabilities)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """, [e.customerID, e.asOf.description, e.version, e.scoredAt, e.segment, e.margin, probabilities])
                guard stored > 0 else { continue }
                inserted += 1
                try db.run("""
                    INSERT INTO segment_book_latest (customer_id, as_of, version, scored_at, segment, probabilities)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (customer_id) DO UPDATE SET as_of = excluded.as_of, version = excluded.version,
                        scored_at = excluded.scored_at, segment = excluded.segment, probabilities = excluded.probabilities
                    WHERE excluded.as_of > segment_book_latest.as_of
                       OR (excluded.as_of = segment_book_latest.as_of AND excluded.scored_at >= segment_book_latest.scored_at)
                    """, [e.customerID, e.asOf.description, e.version, e.scoredAt, e.segment, probabilities])
            }
            return inserted
        }
    }

    /// A customer's entries, newest first.
    public func trajectory(customerID: String, limit: Int = 26) throws -> [SegmentBookEntry] {
        let segments = backend.schema.segments
        return try backend.read { db in
            try db.rows("""
                SELECT * FROM segment_book WHERE customer_id = ? ORDER BY as_of DESC, scored_at DESC LIMIT ?
                """, [customerID, limit]).map { SegmentBookEntry(row: $0, segments: segments) }
        }
    }

    /// Marks the raw scores of observations in `range` as suspect (scored from a broken feed).
    public func markSuspect(_ range: DayRange) throws {
        try backend.write { db in
            try db.run("UPDATE segment_book SET suspect = 1 WHERE as_of BETWEEN ? AND ?",
                       [range.from.description, range.to.description])
        }
    }

    public func count() throws -> Int {
        try backend.read { db in try db.value("SELECT COUNT(*) FROM segment_book") ?? 0 }
    }
}

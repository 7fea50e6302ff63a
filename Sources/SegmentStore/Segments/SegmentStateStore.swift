import Foundation
import GRDB
import SegmentModel

/// Confirmed segments in SQLite: one row per customer in `customer_segment`, every change in `segment_event` (the
/// feed), and the feed's outbox — written together, in one transaction per night.
public struct SegmentStateStore: Sendable {
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    var segments: [String] { database.schema.segments }
    static let watermarkKey = "segments.processed_through"

    /// The last observation day the tracker has folded in.
    public func processedThrough() throws -> Day? {
        try MetaStore(database: database).get(SegmentStateStore.watermarkKey).flatMap { Day($0) }
    }

    /// The stored tracks of `customers` (those never seen are absent).
    public func tracks(for customers: some Collection<String>) throws -> [String: StoredTrack] {
        let segments = self.segments
        return try database.writer.read { db in
            let statement = try db.makeStatement(sql: "SELECT * FROM customer_segment WHERE customer_id = ?")
            var out = [String: StoredTrack]()
            out.reserveCapacity(customers.count)
            for id in customers {
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
                out[id] = SegmentStateStore.track(row, segments: segments)
            }
            return out
        }
    }

    static func track(_ row: Row, segments: [String]) -> StoredTrack {
        func index(_ name: String?) -> Int? { name.flatMap { segments.firstIndex(of: $0) } }
        let track = SegmentTrack(confirmed: index(row["segment"]), since: (row["since"] as String?).flatMap { Day($0) },
                                 observations: row["observations"],
                                 evidence: DoubleBlob.decode(row["evidence"], count: segments.count),
                                 flag: index(row["flag"]), flagSince: (row["flag_since"] as String?).flatMap { Day($0) })
        return StoredTrack(customerID: row["customer_id"], track: track,
                           lastAsOf: Day(row["last_as_of"] as String) ?? Day(index: 0), version: row["version"],
                           sequence: row["sequence"])
    }

    /// What a night changes: the tracks it touched, the events it emits (ids assigned here), and how far it read.
    public struct Update: Sendable {
        public var tracks: [StoredTrack] = []
        /// Customers of `tracks` not stored before (inserted; the others are updated in place).
        public var new = Set<String>()
        public var events: [SegmentEventRecord] = []
        public var processedThrough: Day
        public init(processedThrough: Day) { self.processedThrough = processedThrough }
    }

    /// Writes `update` in one transaction, with one outbox batch of at most `batchSize` events per destination;
    /// returns the stored events with their feed ids.
    @discardableResult
    public func apply(_ update: Update, destinations: [String], batchSize: Int, at date: Date) throws -> [SegmentEventRecord] {
        let segments = self.segments
        let now = Timestamp.format(date)
        return try database.writer.write { db in
            let insertTrack = try db.makeStatement(sql: """
                INSERT INTO customer_segment (customer_id, segment, since, observations, evidence, flag, flag_since,
                                              last_as_of, version, sequence, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
            let change = try db.makeStatement(sql: """
                UPDATE customer_segment SET segment = ?2, since = ?3, observations = ?4, evidence = ?5, flag = ?6,
                    flag_since = ?7, last_as_of = ?8, version = ?9, sequence = ?10, updated_at = ?11
                WHERE customer_id = ?1
                """)
            let inserter = TrackBinder(statement: insertTrack, segments: segments, now: now)
            let updater = TrackBinder(statement: change, segments: segments, now: now)
            for s in update.tracks { try (update.new.contains(s.customerID) ? inserter : updater).write(db, s) }
            let insert = try db.makeStatement(sql: """
                INSERT INTO segment_event (event_id, customer_id, sequence, type, as_of, time, from_segment, to_segment,
                                           model_version, reason, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var stored = [SegmentEventRecord]()
            stored.reserveCapacity(update.events.count)
            for var e in update.events {
                try insert.execute(arguments: [e.eventID, e.customerID, e.sequence, e.kind.rawValue, e.asOf.description,
                                               e.time, e.from, e.to, e.modelVersion, e.reason, e.data])
                e.id = Int(db.lastInsertedRowID)
                stored.append(e)
            }
            try FeedOutboxStore.enqueue(db, events: stored.map(\.id), destinations: destinations, batchSize: batchSize, at: date)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [SegmentStateStore.watermarkKey, update.processedThrough.description])
            return stored
        }
    }
}

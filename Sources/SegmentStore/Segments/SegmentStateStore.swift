import Foundation
import SegmentModel

/// Confirmed segments in SQLite: one row per customer in `customer_segment`, every change in `segment_event` (the
/// feed), and the feed's outbox — written together, in one transaction per night.
public struct SegmentStateStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    var segments: [String] { backend.schema.segments }
    static let watermarkKey = "segments.processed_through"

    /// The last observation day the tracker has folded in.
    public func processedThrough() throws -> Day? {
        try MetaStore(database: backend).get(SegmentStateStore.watermarkKey).flatMap { Day($0) }
    }

    /// The stored tracks of `customers` (those never seen are absent).
    public func tracks(for customers: some Collection<String>) throws -> [String: StoredTrack] {
        let segments = self.segments
        return try backend.read { db in
            var out = [String: StoredTrack]()
            out.reserveCapacity(customers.count)
            for id in customers {
                guard let row = try db.row("SELECT * FROM customer_segment WHERE customer_id = ?", [id]) else { continue }
                out[id] = SegmentStateStore.track(row, segments: segments)
            }
            return out
        }
    }

    static func track(_ row: SQLRow, segments: [String]) -> StoredTrack {
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
        return try backend.write { db in
            let binder = TrackBinder(segments: segments, now: now)
            try binder.write(db, update.tracks, new: update.new)
            var stored = [SegmentEventRecord]()
            stored.reserveCapacity(update.events.count)
            for var e in update.events {
                e.id = try db.value("""
                    INSERT INTO segment_event (event_id, customer_id, sequence, type, as_of, time, from_segment, to_segment,
                                               model_version, reason, data)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """, [e.eventID, e.customerID, e.sequence, e.kind.rawValue, e.asOf.description,
                          e.time, e.from, e.to, e.modelVersion, e.reason, e.data]) ?? 0
                stored.append(e)
            }
            try FeedOutboxStore.enqueue(db, events: stored.map(\.id), destinations: destinations, batchSize: batchSize, at: date)
            try db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       [SegmentStateStore.watermarkKey, update.processedThrough.description])
            return stored
        }
    }
}

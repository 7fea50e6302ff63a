import Foundation
import SegmentModel

extension SegmentEventRecord {
    init(row: SQLRow) {
        self.init(id: row["id"], customerID: row["customer_id"], sequence: row["sequence"],
                  kind: Kind(rawValue: row["type"]) ?? .changed, asOf: Day(row["as_of"] as String) ?? Day(index: 0),
                  time: row["time"], from: row["from_segment"], to: row["to_segment"], modelVersion: row["model_version"],
                  reason: row["reason"] ?? "behaviour", data: row["data"])
    }
}

extension SegmentStateStore {
    /// Events with feed ids in `first…last`, in order.
    public func events(from first: Int, through last: Int) throws -> [SegmentEventRecord] {
        try backend.read { db in
            try db.rows("SELECT * FROM segment_event WHERE id BETWEEN ? AND ? ORDER BY id",
                             [first, last]).map(SegmentEventRecord.init(row:))
        }
    }

    /// Up to `limit` events after the cursor `after` (0: from the start), in order.
    public func events(after: Int, limit: Int) throws -> [SegmentEventRecord] {
        try backend.read { db in
            try db.rows("SELECT * FROM segment_event WHERE id > ? ORDER BY id LIMIT ?",
                             [after, limit]).map(SegmentEventRecord.init(row:))
        }
    }

    /// The newest feed id, 0 when there is none.
    public func lastEventID() throws -> Int {
        try backend.read { db in try db.value("SELECT MAX(id) FROM segment_event", as: Int.self) ?? 0 }
    }

    /// Events with `as_of` on or after `since`, of `kinds` (all when empty), oldest first.
    public func events(since: Day?, kinds: [SegmentEventRecord.Kind], customer: String? = nil,
                       limit: Int = 100_000) throws -> [SegmentEventRecord] {
        var sql = "SELECT * FROM segment_event WHERE as_of >= ?"
        var arguments: [(any SQLValueConvertible)?] = [since?.description ?? "0000-00-00"]
        if !kinds.isEmpty {
            sql += " AND type IN (\(kinds.map { _ in "?" }.joined(separator: ",")))"
            arguments += kinds.map { $0.rawValue }
        }
        if let customer {
            sql += " AND customer_id = ?"
            arguments.append(customer)
        }
        sql += " ORDER BY id LIMIT ?"
        arguments.append(limit)
        return try backend.read { db in
            try db.rows(sql, arguments).map(SegmentEventRecord.init(row:))
        }
    }

    /// One customer's track, if any.
    public func track(_ customerID: String) throws -> StoredTrack? {
        try tracks(for: [customerID])[customerID]
    }

    /// Customers with an open transition flag (toward `segment` when given), strongest evidence first.
    public func moving(toward segment: String?, limit: Int) throws -> [StoredTrack] {
        let segments = self.segments
        let all = try backend.read { db in
            try db.rows("SELECT * FROM customer_segment WHERE flag IS NOT NULL" + (segment == nil ? "" : " AND flag = ?"),
                        segment.map { [$0] } ?? []).map { SegmentStateStore.track($0, segments: segments) }
        }
        func strength(_ t: StoredTrack) -> Double { t.track.flag.map { t.track.evidence[$0] } ?? 0 }
        return Array(all.sorted { a, b in (strength(a), b.customerID) > (strength(b), a.customerID) }.prefix(limit))
    }

    /// Changes of a confirmed segment (first confirmations left out) with `as_of` in `range`.
    public func changes(in range: DayRange) throws -> Int {
        try backend.read { db in
            try db.value("""
                SELECT COUNT(*) FROM segment_event
                WHERE as_of BETWEEN ? AND ? AND type = 'segment.changed' AND from_segment IS NOT NULL
                """, [range.from.description, range.to.description], as: Int.self) ?? 0
        }
    }

    /// Confirmed and provisional customers.
    public func counts() throws -> (confirmed: Int, provisional: Int, flagged: Int) {
        try backend.read { db in
            let row = try db.row("""
                SELECT COUNT(segment), COUNT(*) - COUNT(segment), COUNT(flag) FROM customer_segment
                """)
            return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0)
        }
    }
}

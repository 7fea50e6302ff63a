import SegmentModel

extension SegmentStateStore {
    /// Changes of a confirmed segment (first confirmations left out) in `range`, counted by from → to.
    public func transitionCounts(in range: DayRange) throws -> [String: [String: Int]] {
        try backend.read { db in
            var counts = [String: [String: Int]]()
            for row in try db.rows("""
                SELECT from_segment, to_segment, COUNT(*) FROM segment_event
                WHERE as_of BETWEEN ? AND ? AND type = 'segment.changed' AND from_segment IS NOT NULL
                GROUP BY from_segment, to_segment
                """, [range.from.description, range.to.description]) {
                counts[row[0] as String, default: [:]][row[1] as String] = row[2]
            }
            return counts
        }
    }

    /// The newest `limit` changes of a confirmed segment (first confirmations left out), newest first.
    public func latestChanges(limit: Int) throws -> [SegmentEventRecord] {
        try backend.read { db in
            try db.rows("""
                SELECT * FROM segment_event WHERE type = 'segment.changed' AND from_segment IS NOT NULL
                ORDER BY id DESC LIMIT ?
                """, [limit]).map(SegmentEventRecord.init(row:))
        }
    }
}

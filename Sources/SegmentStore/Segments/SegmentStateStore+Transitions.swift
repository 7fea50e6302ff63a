import GRDB
import SegmentModel

extension SegmentStateStore {
    /// Changes of a confirmed segment (first confirmations left out) in `range`, counted by from → to.
    public func transitionCounts(in range: DayRange) throws -> [String: [String: Int]] {
        try database.writer.read { db in
            var counts = [String: [String: Int]]()
            for row in try Row.fetchAll(db, sql: """
                SELECT from_segment, to_segment, COUNT(*) FROM segment_event
                WHERE as_of BETWEEN ? AND ? AND type = 'segment.changed' AND from_segment IS NOT NULL
                GROUP BY from_segment, to_segment
                """, arguments: [range.from.description, range.to.description]) {
                counts[row[0] as String, default: [:]][row[1] as String] = row[2]
            }
            return counts
        }
    }

    /// The newest `limit` changes of a confirmed segment (first confirmations left out), newest first.
    public func latestChanges(limit: Int) throws -> [SegmentEventRecord] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM segment_event WHERE type = 'segment.changed' AND from_segment IS NOT NULL
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map(SegmentEventRecord.init(row:))
        }
    }
}

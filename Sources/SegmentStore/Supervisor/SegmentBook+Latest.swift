import Foundation
import GRDB
import SegmentModel

extension SegmentBook {
    /// A customer's newest stored score: its segment and probabilities in schema order.
    public struct Latest: Sendable, Equatable {
        public let segment: String
        public let probabilities: [Double]
        public init(segment: String, probabilities: [Double]) {
            self.segment = segment
            self.probabilities = probabilities
        }
    }

    /// Every customer's newest stored score.
    public func latest() throws -> [String: Latest] {
        let count = database.schema.segments.count
        return try database.writer.read { db in
            var out = [String: Latest](minimumCapacity: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM segment_book_latest") ?? 0)
            let rows = try Row.fetchCursor(db, sql: "SELECT customer_id, segment, probabilities FROM segment_book_latest")
            while let row = try rows.next() {
                out[row[0]] = Latest(segment: row[1], probabilities: DoubleBlob.decode(row[2], count: count))
            }
            return out
        }
    }

    /// Whether `entry` moved from `previous` by more than `tolerance`: another segment, or any probability further.
    public static func moved(_ entry: SegmentBookEntry, from previous: Latest?, segments: [String], tolerance: Double) -> Bool {
        guard let previous else { return true }
        if previous.segment != entry.segment { return true }
        for (i, s) in segments.enumerated() where abs((entry.probabilities[s] ?? 0) - previous.probabilities[i]) > tolerance {
            return true
        }
        return false
    }
}

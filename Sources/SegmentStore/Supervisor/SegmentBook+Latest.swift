import Foundation
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
        let count = backend.schema.segments.count
        return try backend.read { db in
            var out = [String: Latest](minimumCapacity: try db.value("SELECT COUNT(*) FROM segment_book_latest") ?? 0)
            try db.forEachRow("SELECT customer_id, segment, probabilities FROM segment_book_latest", []) { row in
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

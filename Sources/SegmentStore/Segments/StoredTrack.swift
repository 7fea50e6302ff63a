import Foundation
import SegmentModel

/// A customer's row of `customer_segment`: the tracked state, which observations it has seen, and its event
/// sequence.
public struct StoredTrack: Sendable, Equatable {
    public let customerID: String
    public var track: SegmentTrack
    /// The newest observation day folded into the track.
    public var lastAsOf: Day
    /// The production version that scored it.
    public var version: Int?
    /// The last per-customer event sequence number used.
    public var sequence: Int

    public init(customerID: String, track: SegmentTrack, lastAsOf: Day, version: Int?, sequence: Int) {
        self.customerID = customerID
        self.track = track
        self.lastAsOf = lastAsOf
        self.version = version
        self.sequence = sequence
    }

    /// Evidence as stored: little-endian IEEE-754 doubles in segment order.
    static func encode(_ evidence: [Double]) -> Data {
        var data = Data(capacity: evidence.count * 8)
        for v in evidence { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data, segments: Int) -> [Double] {
        var out = [Double](repeating: 0, count: segments)
        data.withUnsafeBytes { raw in
            for i in 0..<min(segments, raw.count / 8) {
                out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
        }
        return out
    }
}

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
}

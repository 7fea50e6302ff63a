import Crypto
import Foundation
import SegmentModel

/// One event of the change feed: `segment.changed`, `segment.transition_started` or `segment.transition_cleared`
/// for one customer, stored once and delivered as a CloudEvents 1.0 JSON envelope.
public struct SegmentEventRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case changed = "segment.changed"
        case transitionStarted = "segment.transition_started"
        case transitionCleared = "segment.transition_cleared"

        /// The short name the CLI uses (`changed`, `transition_started`, `transition_cleared`).
        public var short: String { String(rawValue.dropFirst("segment.".count)) }
        public init?(short: String) { self.init(rawValue: "segment." + short) }
    }

    /// The feed cursor (assigned when stored).
    public var id: Int
    public let customerID: String
    /// Per-customer, from 1.
    public let sequence: Int
    public let kind: Kind
    public let asOf: Day
    /// When the control plane decided it (the nightly run's time).
    public let time: String
    public let from: String?
    public let to: String?
    public let modelVersion: Int?
    /// `behaviour` or `model_promotion`.
    public let reason: String
    /// The CloudEvents `data` object, as JSON text.
    public let data: String

    public init(id: Int = 0, customerID: String, sequence: Int, kind: Kind, asOf: Day, time: String, from: String?,
                to: String?, modelVersion: Int?, reason: String, data: String) {
        self.id = id
        self.customerID = customerID
        self.sequence = sequence
        self.kind = kind
        self.asOf = asOf
        self.time = time
        self.from = from
        self.to = to
        self.modelVersion = modelVersion
        self.reason = reason
        self.data = data
    }

    /// Stable and unique per customer and sequence: a retried delivery carries the same id.
    public var eventID: String {
        let digest = SHA256.hash(data: Data("\(customerID)\u{0}\(sequence)".utf8))
        let hex = Array("0123456789abcdef".utf8)
        var out = Array("seg_".utf8)
        for byte in digest.prefix(12) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The CloudEvents `sequence`: the per-customer number, zero-padded so it orders as text too.
    public var sequenceText: String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// The CloudEvents 1.0 JSON envelope (structured mode), one line.
    public func cloudEvent(source: String) -> String {
        "{\"specversion\":\"1.0\",\"id\":\"\(eventID)\",\"source\":\(ScoreLine.quote(source)),\"type\":\"\(kind.rawValue)\","
            + "\"subject\":\(ScoreLine.quote(customerID)),\"time\":\"\(time)\",\"datacontenttype\":\"application/json\","
            + "\"sequence\":\"\(sequenceText)\",\"data\":\(data)}"
    }
}

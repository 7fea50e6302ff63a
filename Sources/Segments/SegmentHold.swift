import Foundation
import SegmentStore

/// The storm guard's hold: a night that would change more than `segment_tracking.storm_share` of the confirmed customers is
/// not applied — no state changes, no events — until a release manager releases it (recorded in the audit log) or
/// production changes (a rollback of the model that caused it).
public struct SegmentHold: Sendable, Codable, Equatable {
    public let since: String
    public let asOf: String
    /// The production version whose scores would have caused the storm.
    public let version: Int
    /// Customers whose segment would have changed, or whose transition flag would have opened.
    public let changes: Int
    public let confirmed: Int
    public var releasedBy: String?
    public var releaseReason: String?

    enum CodingKeys: String, CodingKey {
        case since, version, changes, confirmed
        case asOf = "as_of"
        case releasedBy = "released_by"
        case releaseReason = "release_reason"
    }

    public var share: Double { confirmed > 0 ? Double(changes) / Double(confirmed) : 0 }

    static let key = "segments.hold"

    public static func current(_ database: any StoreBackend) throws -> SegmentHold? {
        try MetaStore(database: database).get(key).flatMap { try? JSONDecoder().decode(SegmentHold.self, from: Data($0.utf8)) }
    }

    static func save(_ hold: SegmentHold?, _ database: any StoreBackend, audit: AuditLog.Record?, at date: Date) throws {
        try MetaStore(database: database).set(key, try hold.map { try JSONEncoderFactory.text($0) }, audit: audit, at: date)
    }

    /// A release manager lets the held changes through: the next update under the same version applies them.
    public static func release(_ database: any StoreBackend, actor: String, reason: String, at date: Date) throws -> SegmentHold {
        guard var hold = try current(database) else { throw SegmentsError.noHold }
        guard hold.releasedBy == nil else { throw SegmentsError.alreadyReleased(by: hold.releasedBy!) }
        hold.releasedBy = actor
        hold.releaseReason = reason
        try save(hold, database, audit: AuditLog.Record(
            actor: actor, action: "release_segment_hold", version: hold.version, reason: reason, before: "held",
            after: "released", evidence: try JSONValue(encoding: hold)), at: date)
        return hold
    }
}

import Foundation
import SegmentStore

/// A release manager's pause on automatic promotion, kept in the database and recorded in the audit log.
public struct PromotionSwitch: Sendable {
    public struct Pause: Sendable, Codable, Equatable {
        public let by: String
        public let reason: String
        public let at: String
    }

    static let key = "promotion.paused"
    public let database: any StoreBackend
    public init(database: any StoreBackend) { self.database = database }

    public func current() throws -> Pause? {
        try MetaStore(database: database).get(PromotionSwitch.key).flatMap {
            try? JSONDecoder().decode(Pause.self, from: Data($0.utf8))
        }
    }

    public func pause(actor: String, reason: String, at date: Date) throws {
        let pause = Pause(by: actor, reason: reason, at: Timestamp.format(date))
        try MetaStore(database: database).set(
            PromotionSwitch.key, try JSONEncoderFactory.text(pause),
            audit: AuditLog.Record(actor: actor, action: "pause_promotion", reason: reason, before: "auto", after: "paused"),
            at: date)
    }

    public func resume(actor: String, reason: String, at date: Date) throws {
        try MetaStore(database: database).set(
            PromotionSwitch.key, nil,
            audit: AuditLog.Record(actor: actor, action: "resume_promotion", reason: reason, before: "paused", after: "auto"),
            at: date)
    }
}

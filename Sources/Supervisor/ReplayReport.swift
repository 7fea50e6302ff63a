import Segments
import SegmentModel

/// The story of a replay: one line per day and a summary.
public struct ReplayReport: Sendable, Codable {
    public struct Event: Sendable, Codable, Equatable {
        /// `promoted`, `remedial_promotion`, `challengers`, `blocked`, `held`, `paused`, `rolled_back`,
        /// `no_safe_rollback_target`, `retrain_failed`, `alert_fired`, `alert_resolved`, `undelivered`, `lost`, …
        public let type: String
        public let alert: String?
        public let version: Int?
        public let detail: String
    }

    public struct DayLine: Sendable, Codable {
        public let date: Day
        public let productionVersion: Int?
        public let trainedVersion: Int?
        public let accuracy: Double?
        public let harmRate: Double?
        /// The label-free estimate of the production version's accuracy on rows without known labels.
        public let estimatedAccuracy: Double?
        /// Confirmed segment changes that night (0 when held or quarantined).
        public let segmentChanges: Int?
        public let maxFeaturePSI: Double?
        public let maxFeature: String?
        public let segmentMixPSI: Double?
        public var events: [Event]

        enum CodingKeys: String, CodingKey {
            case date, accuracy, events
            case productionVersion = "production_version"
            case trainedVersion = "trained_version"
            case harmRate = "harm_rate"
            case estimatedAccuracy = "estimated_accuracy"
            case segmentChanges = "segment_changes"
            case maxFeaturePSI = "max_feature_psi"
            case maxFeature = "max_feature"
            case segmentMixPSI = "segment_mix_psi"
        }
    }

    public struct Summary: Sendable, Codable {
        public var days = 0
        public var promotions = 0
        /// Promotions of a candidate over a failing production version (also counted in `promotions`).
        public var remedialPromotions = 0
        /// Nights on which challengers were trained.
        public var challengerNights = 0
        /// Confirmed segment changes over the replay.
        public var segmentChanges = 0
        public var blocks = 0
        public var held = 0
        public var paused = 0
        public var rollbacks = 0
        public var noSafeTarget = 0
        public var alertsFired: [String: Int] = [:]
        public var notificationsDelivered = 0
        /// Deliveries still pending when the replay ended (they stay in the outbox).
        public var undelivered = 0
        /// Notifications every receiver failed (dead-lettered everywhere).
        public var lostNotifications = 0
        public var seconds = 0.0

        enum CodingKeys: String, CodingKey {
            case days, promotions, blocks, held, paused, rollbacks, seconds
            case noSafeTarget = "no_safe_rollback_target"
            case remedialPromotions = "remedial_promotions"
            case challengerNights = "challenger_nights"
            case segmentChanges = "segment_changes"
            case alertsFired = "alerts_fired"
            case notificationsDelivered = "notifications_delivered"
            case undelivered
            case lostNotifications = "lost_notifications"
        }
    }

    public let file: String
    public let database: String
    public let from: Day
    public let to: Day
    public var days: [DayLine] = []
    public var summary = Summary()
    /// With `--compare-policies`: the configured policy and the naive ones, measured the same way.
    public var policies: [PolicyFigures]?
    /// How stable the confirmed segments were, against the raw argmax.
    public var stability: SegmentStability.Report?
}

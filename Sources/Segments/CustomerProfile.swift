import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// What a service agent's screen shows for one customer: the confirmed segment and since when, the runner-up with
/// its evidence, an open transition flag, and the probability trajectory of the last 60 days.
public struct CustomerProfile: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public let asOf: Day
        public let version: Int
        public let segment: String
        public let probabilities: [String: Double]
        public let suspect: Bool

        enum CodingKeys: String, CodingKey {
            case version, segment, probabilities, suspect
            case asOf = "as_of"
        }
    }

    public struct RunnerUp: Sendable, Codable, Equatable {
        public let segment: String
        /// The CUSUM evidence for it, against the flag and confirm thresholds.
        public let evidence: Double
        public let flagThreshold: Double
        public let confirmThreshold: Double

        enum CodingKeys: String, CodingKey {
            case segment, evidence
            case flagThreshold = "flag_threshold"
            case confirmThreshold = "confirm_threshold"
        }
    }

    public struct Flag: Sendable, Codable, Equatable {
        public let toward: String
        public let since: Day?
    }

    public let customerID: String
    /// `confirmed`, `provisional`, or `unknown` (observed, not yet tracked).
    public let status: String
    public let segment: String?
    public let since: Day?
    /// Observations scored so far, while the customer is provisional (nil once confirmed).
    public let observations: Int?
    public let runnerUp: RunnerUp?
    public let flags: [Flag]
    public let latest: Point?
    public let series: [Point]

    enum CodingKeys: String, CodingKey {
        case status, segment, since, observations, flags, latest, series
        case customerID = "customer_id"
        case runnerUp = "runner_up"
    }

    /// The profile of `customerID`; `SegmentsError.unknownCustomer` when it was never observed.
    public static func load(_ customerID: String, database: any StoreBackend, config: SegmentOpsConfig,
                            days: Int = 60) throws -> CustomerProfile {
        let segments = config.schema.segments
        let stored = try SegmentStateStore(database: database).track(customerID)
        let book = try SegmentBook(database: database).trajectory(customerID: customerID, limit: days * 4)
        let observed = try ObservationStore(database: database).history(customerID: customerID, limit: 1)
        guard stored != nil || !book.isEmpty || !observed.isEmpty else { throw SegmentsError.unknownCustomer(customerID) }
        // One point per observation day: the score it got when it arrived (the first in the book).
        var byDay = [Day: SegmentBookEntry]()
        for e in book where byDay[e.asOf].map({ $0.scoredAt > e.scoredAt }) ?? true { byDay[e.asOf] = e }
        let newest = byDay.keys.max() ?? Day(index: 0)
        let series = byDay.values.filter { e in newest - e.asOf < days }.sorted { $0.asOf < $1.asOf }
            .map { Point(asOf: $0.asOf, version: $0.version, segment: $0.segment, probabilities: $0.probabilities, suspect: $0.suspect) }
        let track = stored?.track
        let s = config.segments
        let runnerUp = track?.runnerUp.map {
            RunnerUp(segment: segments[$0.segment], evidence: $0.evidence, flagThreshold: s.flagThreshold,
                     confirmThreshold: s.confirmThreshold)
        }
        return CustomerProfile(
            customerID: customerID, status: track.map { $0.confirmed == nil ? "provisional" : "confirmed" } ?? "unknown",
            segment: track?.confirmed.map { segments[$0] }, since: track?.since,
            observations: track.flatMap { $0.confirmed == nil ? $0.observations : nil },
            runnerUp: runnerUp, flags: track?.flag.map { [Flag(toward: segments[$0], since: track?.flagSince)] } ?? [],
            latest: series.last, series: series)
    }
}

import Foundation
import SegmentConfig
import SegmentModel

/// Retention of raw scores and observations (`storage:`): what is older than its window is pruned nightly, in one
/// transaction with an audit-log entry saying what and why. Never pruned: each customer's newest score, versions,
/// the audit chain, production intervals, alert history, monitor runs.
public struct Retention: Sendable {
    public let backend: any StoreBackend
    public let config: StorageConfig

    public init(database: any StoreBackend, config: StorageConfig) {
        self.backend = database
        self.config = config
    }

    /// What pruning as of a day removes: rows before each cutoff.
    public struct Plan: Sendable, Equatable, Codable {
        public let scoresBefore: Day
        public let observationsBefore: Day
        public let scores: Int
        public let observations: Int

        enum CodingKeys: String, CodingKey {
            case scores, observations
            case scoresBefore = "scores_before"
            case observationsBefore = "observations_before"
        }
    }

    /// Keeps `days` days ending on `asOf`.
    func cutoff(_ asOf: Day, _ days: Int) -> Day { asOf - (days - 1) }

    /// The raw scores before a cutoff (the argument) that are not a customer's newest.
    public static let prunableScoresSQL = """
        FROM segment_book WHERE as_of < ? AND NOT EXISTS (
            SELECT 1 FROM segment_book_latest l
            WHERE l.customer_id = segment_book.customer_id AND l.as_of = segment_book.as_of AND l.version = segment_book.version)
        """

    /// What `prune` would remove as of `asOf`, changing nothing.
    public func plan(asOf: Day) throws -> Plan {
        let scores = cutoff(asOf, config.scoreRetentionDays), observations = cutoff(asOf, config.observationRetentionDays)
        return try backend.read { db in
            Plan(scoresBefore: scores, observationsBefore: observations,
                 scores: try db.value("SELECT COUNT(*) " + Retention.prunableScoresSQL, [scores.description]) ?? 0,
                 observations: try db.value("SELECT COUNT(*) FROM observation WHERE as_of < ?",
                                            [observations.description]) ?? 0)
        }
    }

    /// Removes what is older than its window as of `asOf`; the audit log records it (nothing is recorded when
    /// nothing was old enough).
    @discardableResult
    public func prune(asOf: Day, actor: String, at date: Date) throws -> Plan {
        let scores = cutoff(asOf, config.scoreRetentionDays), observations = cutoff(asOf, config.observationRetentionDays)
        return try backend.write { db in
            let prunedScores = try db.run("DELETE " + Retention.prunableScoresSQL, [scores.description])
            let prunedObservations = try db.run("DELETE FROM observation WHERE as_of < ?", [observations.description])
            let plan = Plan(scoresBefore: scores, observationsBefore: observations, scores: prunedScores, observations: prunedObservations)
            if prunedScores + prunedObservations > 0 {
                try AuditLog.append(db, AuditLog.Record(
                    actor: actor, action: "prune",
                    reason: "retention: raw scores \(config.scoreRetentionDays) days, observations \(config.observationRetentionDays) days",
                    evidence: try JSONValue(encoding: plan)), at: date)
            }
            return plan
        }
    }
}

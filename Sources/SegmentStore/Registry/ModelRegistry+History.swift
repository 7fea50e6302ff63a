import Foundation
import SegmentModel

/// A span of time one version served in production.
public struct ProductionInterval: Sendable, Equatable, Codable, SQLRecord {
    public let version: Int
    public let startedAt: String
    public let endedAt: String?
    public let startedSeq: Int
    public let endedSeq: Int?

    enum CodingKeys: String, CodingKey {
        case version
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case startedSeq = "started_seq"
        case endedSeq = "ended_seq"
    }

    public init(row: SQLRow) throws {
        version = row["version"]
        startedAt = row["started_at"]
        endedAt = row["ended_at"]
        startedSeq = row["started_seq"]
        endedSeq = row["ended_seq"]
    }
}

extension ModelRegistry {
    public func history(since: String? = nil, version: Int? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try backend.read { db in try AuditLog.entries(db, since: since, version: version, limit: limit) }
    }

    /// Every production interval, oldest first.
    public func productionIntervals() throws -> [ProductionInterval] {
        try backend.read { db in
            try db.records("SELECT * FROM production_interval ORDER BY id")
        }
    }

    /// The interval serving at `date`, if any version was in production then.
    public func production(at date: Date) throws -> ProductionInterval? {
        let t = Timestamp.format(date)
        return try backend.read { db in
            try db.record("""
                SELECT * FROM production_interval WHERE started_at <= ? AND (ended_at IS NULL OR ended_at > ?)
                ORDER BY id DESC LIMIT 1
                """, [t, t])
        }
    }
}

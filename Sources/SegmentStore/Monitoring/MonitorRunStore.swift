import Foundation
import SegmentModel

/// One stored monitor result: what was measured, for which version and day, and the figures.
public struct MonitorRun: Sendable, Equatable, Codable, SQLRecord {
    public let id: Int
    public let ranAt: String
    public let asOf: Day
    public let version: Int?
    /// `drift`, `evaluation` or `freshness`.
    public let kind: String
    public let status: String
    public let figures: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, version, kind, status, figures
        case ranAt = "ran_at"
        case asOf = "as_of"
    }

    public init(row: SQLRow) throws {
        id = row["id"]
        ranAt = row["ran_at"]
        asOf = Day(row["as_of"] as String) ?? Day(index: 0)
        version = row["version"]
        kind = row["kind"]
        status = row["status"]
        figures = (try? JSONValue(parsing: row["figures"] as String)) ?? .null
    }
}

/// The history of monitor runs, which alert rules and `monitor history` read.
public struct MonitorRunStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    @discardableResult
    public func record(kind: String, asOf: Day, version: Int?, status: String, figures: JSONValue,
                       at date: Date) throws -> Int {
        try backend.write { db in
            try db.value("""
                INSERT INTO monitor_run (ran_at, as_of, version, kind, status, figures) VALUES (?, ?, ?, ?, ?, ?)
                RETURNING id
                """, [Timestamp.format(date), asOf.description, version, kind, status, figures.text]) ?? 0
        }
    }

    /// The latest run of `kind` (for `asOf` when given).
    public func latest(kind: String, asOf: Day? = nil) throws -> MonitorRun? {
        try backend.read { db in
            if let asOf {
                return try db.record("SELECT * FROM monitor_run WHERE kind = ? AND as_of = ? ORDER BY id DESC LIMIT 1",
                                               [kind, asOf.description], as: MonitorRun.self)
            }
            return try db.record("SELECT * FROM monitor_run WHERE kind = ? ORDER BY id DESC LIMIT 1",
                                           [kind], as: MonitorRun.self)
        }
    }

    /// Runs newest first, optionally of one kind, version or from a day on.
    public func list(kind: String? = nil, version: Int? = nil, since: Day? = nil, limit: Int = 100) throws -> [MonitorRun] {
        try backend.read { db in
            var sql = "SELECT * FROM monitor_run WHERE TRUE"
            var args: [(any SQLValueConvertible)?] = []
            if let kind { sql += " AND kind = ?"; args.append(kind) }
            if let version { sql += " AND version = ?"; args.append(version) }
            if let since { sql += " AND as_of >= ?"; args.append(since.description) }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try db.records(sql, args, as: MonitorRun.self)
        }
    }
}

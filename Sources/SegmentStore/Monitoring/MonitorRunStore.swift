import Foundation
import GRDB
import SegmentModel

/// One stored monitor result: what was measured, for which version and day, and the figures.
public struct MonitorRun: Sendable, Equatable, Codable, FetchableRecord {
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

    public init(row: Row) throws {
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
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    @discardableResult
    public func record(kind: String, asOf: Day, version: Int?, status: String, figures: JSONValue,
                       at date: Date) throws -> Int {
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO monitor_run (ran_at, as_of, version, kind, status, figures) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [Timestamp.format(date), asOf.description, version, kind, status, figures.text])
            return Int(db.lastInsertedRowID)
        }
    }

    /// The latest run of `kind` (for `asOf` when given).
    public func latest(kind: String, asOf: Day? = nil) throws -> MonitorRun? {
        try database.writer.read { db in
            if let asOf {
                return try MonitorRun.fetchOne(db, sql: "SELECT * FROM monitor_run WHERE kind = ? AND as_of = ? ORDER BY id DESC LIMIT 1",
                                               arguments: [kind, asOf.description])
            }
            return try MonitorRun.fetchOne(db, sql: "SELECT * FROM monitor_run WHERE kind = ? ORDER BY id DESC LIMIT 1",
                                           arguments: [kind])
        }
    }

    /// Runs newest first, optionally of one kind, version or from a day on.
    public func list(kind: String? = nil, version: Int? = nil, since: Day? = nil, limit: Int = 100) throws -> [MonitorRun] {
        try database.writer.read { db in
            var sql = "SELECT * FROM monitor_run WHERE 1"
            var args = StatementArguments()
            if let kind { sql += " AND kind = ?"; args += [kind] }
            if let version { sql += " AND version = ?"; args += [version] }
            if let since { sql += " AND as_of >= ?"; args += [since.description] }
            sql += " ORDER BY id DESC LIMIT ?"
            args += [limit]
            return try MonitorRun.fetchAll(db, sql: sql, arguments: args)
        }
    }
}

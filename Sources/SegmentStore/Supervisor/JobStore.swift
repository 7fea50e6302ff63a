import Foundation
import GRDB
import SegmentModel

/// One run of a supervisor job (the nightly job, a monitor pass).
public struct JobRun: Sendable, Equatable, Codable, FetchableRecord {
    public let id: Int
    public let kind: String
    public let scheduledFor: String?
    public let asOf: String?
    public let startedAt: String
    public let finishedAt: String?
    /// `running`, `succeeded`, `failed` or `interrupted`.
    public let status: String
    public let pid: Int?
    public let host: String?
    public let detail: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, kind, status, pid, host, detail
        case scheduledFor = "scheduled_for"
        case asOf = "as_of"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    public init(row: Row) throws {
        id = row["id"]
        kind = row["kind"]
        scheduledFor = row["scheduled_for"]
        asOf = row["as_of"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        status = row["status"]
        pid = row["pid"]
        host = row["host"]
        detail = (try? JSONValue(parsing: row["detail"] as String)) ?? .null
    }
}

/// Job runs: started, finished, and those a crash left running.
public struct JobStore: Sendable {
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    public func start(kind: String, scheduledFor: Date?, asOf: Day?, at date: Date) throws -> Int {
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO job_run (kind, scheduled_for, as_of, started_at, status, pid, host, detail)
                VALUES (?, ?, ?, ?, 'running', ?, ?, '{}')
                """, arguments: [kind, scheduledFor.map(Timestamp.format), asOf?.description, Timestamp.format(date),
                                 Int(getpid()), ProcessInfo.processInfo.hostName])
            return Int(db.lastInsertedRowID)
        }
    }

    public func finish(_ id: Int, status: String, detail: JSONValue, at date: Date) throws {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE job_run SET status = ?, finished_at = ?, detail = ? WHERE id = ?",
                           arguments: [status, Timestamp.format(date), detail.text, id])
        }
    }

    /// Marks runs left `running` by a process that died as `interrupted`; returns them.
    public func interruptStale(at date: Date) throws -> [JobRun] {
        try database.writer.write { db in
            let stale = try JobRun.fetchAll(db, sql: "SELECT * FROM job_run WHERE status = 'running' ORDER BY id")
            try db.execute(sql: """
                UPDATE job_run SET status = 'interrupted', finished_at = ?,
                    detail = json_object('error', 'the process running this job stopped before it finished')
                WHERE status = 'running'
                """, arguments: [Timestamp.format(date)])
            return stale
        }
    }

    /// The latest run of `kind` (with `status` when given).
    public func latest(kind: String, status: String? = nil) throws -> JobRun? {
        try database.writer.read { db in
            if let status {
                return try JobRun.fetchOne(db, sql: "SELECT * FROM job_run WHERE kind = ? AND status = ? ORDER BY id DESC LIMIT 1",
                                           arguments: [kind, status])
            }
            return try JobRun.fetchOne(db, sql: "SELECT * FROM job_run WHERE kind = ? ORDER BY id DESC LIMIT 1", arguments: [kind])
        }
    }

    /// Whether a run of `kind` scheduled for `date` has succeeded.
    public func succeeded(kind: String, scheduledFor date: Date) throws -> Bool {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM job_run WHERE kind = ? AND scheduled_for = ? AND status = 'succeeded'",
                             arguments: [kind, Timestamp.format(date)]) ?? 0 > 0
        }
    }

    public func recent(limit: Int = 20) throws -> [JobRun] {
        try database.writer.read { db in try JobRun.fetchAll(db, sql: "SELECT * FROM job_run ORDER BY id DESC LIMIT ?", arguments: [limit]) }
    }
}

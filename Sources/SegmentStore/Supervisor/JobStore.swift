import Foundation
import SegmentModel

/// One run of a supervisor job (the nightly job, a monitor pass).
public struct JobRun: Sendable, Equatable, Codable, SQLRecord {
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

    public init(row: SQLRow) throws {
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
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    /// A scheduled run is idempotent by its key (kind and scheduled time): it does not start while a run for the
    /// same key is running or after one succeeded.
    public struct AlreadyRun: Error, CustomStringConvertible {
        public let id: Int
        public let status: String
        public var description: String { "job #\(id) for the same schedule is \(status)" }
    }

    public func start(kind: String, scheduledFor: Date?, asOf: Day?, at date: Date) throws -> Int {
        try backend.write { db -> Int in
            if let scheduledFor, let row = try db.row("""
                SELECT id, status FROM job_run WHERE kind = ? AND scheduled_for = ? AND status IN ('running', 'succeeded')
                ORDER BY id DESC LIMIT 1
                """, [kind, Timestamp.format(scheduledFor)]) {
                throw AlreadyRun(id: row["id"], status: row["status"])
            }
            return try db.value("""
                INSERT INTO job_run (kind, scheduled_for, as_of, started_at, status, pid, host, detail)
                VALUES (?, ?, ?, ?, 'running', ?, ?, '{}') RETURNING id
                """, [kind, scheduledFor.map(Timestamp.format), asOf?.description, Timestamp.format(date),
                      Int(getpid()), ProcessInfo.processInfo.hostName]) ?? 0
        }
    }

    public func finish(_ id: Int, status: String, detail: JSONValue, at date: Date) throws {
        try backend.write { db in
            try db.run("UPDATE job_run SET status = ?, finished_at = ?, detail = ? WHERE id = ?",
                           [status, Timestamp.format(date), detail.text, id])
        }
    }

    static let interruptedDetail = #"{"error":"the process running this job stopped before it finished"}"#

    /// Marks runs left `running` by a process that died as `interrupted`; returns them.
    public func interruptStale(at date: Date) throws -> [JobRun] {
        try backend.write { db in
            let stale = try db.records("SELECT * FROM job_run WHERE status = 'running' ORDER BY id", as: JobRun.self)
            try db.run("""
                UPDATE job_run SET status = 'interrupted', finished_at = ?,
                    detail = ?
                WHERE status = 'running'
                """, [Timestamp.format(date), JobStore.interruptedDetail])
            return stale
        }
    }

    /// The latest run of `kind` (with `status` when given).
    public func latest(kind: String, status: String? = nil) throws -> JobRun? {
        try backend.read { db in
            if let status {
                return try db.record("SELECT * FROM job_run WHERE kind = ? AND status = ? ORDER BY id DESC LIMIT 1",
                                           [kind, status], as: JobRun.self)
            }
            return try db.record("SELECT * FROM job_run WHERE kind = ? ORDER BY id DESC LIMIT 1", [kind], as: JobRun.self)
        }
    }

    /// Whether a run of `kind` scheduled for `date` has succeeded.
    public func succeeded(kind: String, scheduledFor date: Date) throws -> Bool {
        try backend.read { db in
            try db.value("SELECT COUNT(*) FROM job_run WHERE kind = ? AND scheduled_for = ? AND status = 'succeeded'",
                             [kind, Timestamp.format(date)], as: Int.self) ?? 0 > 0
        }
    }

    public func recent(limit: Int = 20) throws -> [JobRun] {
        try backend.read { db in try db.records("SELECT * FROM job_run ORDER BY id DESC LIMIT ?", [limit], as: JobRun.self) }
    }
}

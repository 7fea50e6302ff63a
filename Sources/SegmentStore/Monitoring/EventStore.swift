import Foundation
import SegmentModel

/// Something the control plane did or saw: a step of the nightly job, a decision, a failure. Alert rules on
/// events (RetrainFailed, AutomaticRollbackPerformed…) read these.
public struct ControlEvent: Sendable, Equatable, Codable, SQLRecord {
    public let id: Int
    public let at: String
    public let asOf: Day?
    public let type: String
    public let version: Int?
    public let jobID: Int?
    public let detail: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, at, type, version, detail
        case asOf = "as_of"
        case jobID = "job_id"
    }

    public init(row: SQLRow) throws {
        id = row["id"]
        at = row["at"]
        asOf = (row["as_of"] as String?).flatMap { Day($0) }
        type = row["type"]
        version = row["version"]
        jobID = row["job_id"]
        detail = (try? JSONValue(parsing: row["detail"] as String)) ?? .null
    }
}

/// The event history.
public struct EventStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    @discardableResult
    public func record(type: String, asOf: Day?, version: Int? = nil, jobID: Int? = nil, detail: JSONValue = [:],
                       at date: Date) throws -> Int {
        try backend.write { db in try EventStore.record(db, type: type, asOf: asOf, version: version,
                                                                jobID: jobID, detail: detail, at: date) }
    }

    static func record(_ db: any SQLExecutor, type: String, asOf: Day?, version: Int?, jobID: Int?, detail: JSONValue,
                       at date: Date) throws -> Int {
        try db.value("INSERT INTO event (at, as_of, type, version, job_id, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     [Timestamp.format(date), asOf?.description, type, version, jobID, detail.text]) ?? 0
    }

    /// Events with id greater than `after`, oldest first.
    public func since(id after: Int, limit: Int = 10_000) throws -> [ControlEvent] {
        try backend.read { db in
            try db.records("SELECT * FROM event WHERE id > ? ORDER BY id LIMIT ?", [after, limit])
        }
    }

    /// The newest events, newest first.
    public func recent(limit: Int = 50, type: String? = nil) throws -> [ControlEvent] {
        try backend.read { db in
            if let type {
                return try db.records("SELECT * FROM event WHERE type = ? ORDER BY id DESC LIMIT ?", [type, limit])
            }
            return try db.records("SELECT * FROM event ORDER BY id DESC LIMIT ?", [limit])
        }
    }

    public func lastID() throws -> Int {
        try backend.read { db in try db.value("SELECT MAX(id) FROM event") ?? 0 }
    }
}

import Foundation
import GRDB
import SegmentModel

/// Something the control plane did or saw: a step of the nightly job, a decision, a failure. Alert rules on
/// events (RetrainFailed, AutomaticRollbackPerformed…) read these.
public struct ControlEvent: Sendable, Equatable, Codable, FetchableRecord {
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

    public init(row: Row) throws {
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
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

    @discardableResult
    public func record(type: String, asOf: Day?, version: Int? = nil, jobID: Int? = nil, detail: JSONValue = [:],
                       at date: Date) throws -> Int {
        try database.writer.write { db in try EventStore.record(db, type: type, asOf: asOf, version: version,
                                                                jobID: jobID, detail: detail, at: date) }
    }

    static func record(_ db: Database, type: String, asOf: Day?, version: Int?, jobID: Int?, detail: JSONValue,
                       at date: Date) throws -> Int {
        try db.execute(sql: "INSERT INTO event (at, as_of, type, version, job_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [Timestamp.format(date), asOf?.description, type, version, jobID, detail.text])
        return Int(db.lastInsertedRowID)
    }

    /// Events with id greater than `after`, oldest first.
    public func since(id after: Int, limit: Int = 10_000) throws -> [ControlEvent] {
        try database.writer.read { db in
            try ControlEvent.fetchAll(db, sql: "SELECT * FROM event WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, limit])
        }
    }

    /// The newest events, newest first.
    public func recent(limit: Int = 50, type: String? = nil) throws -> [ControlEvent] {
        try database.writer.read { db in
            if let type {
                return try ControlEvent.fetchAll(db, sql: "SELECT * FROM event WHERE type = ? ORDER BY id DESC LIMIT ?",
                                                 arguments: [type, limit])
            }
            return try ControlEvent.fetchAll(db, sql: "SELECT * FROM event ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    public func lastID() throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0 }
    }
}

import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

/// Writes confirmed-segment tracks: on SQLite by binding straight into two prepared statements (a million customers
/// a night), on any other engine through the executor with the same SQL.
final class TrackBinder {
    let segments: [String]
    let now: String
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private var days = [Day: String]()

    static let insertSQL = """
        INSERT INTO customer_segment (customer_id, segment, since, observations, evidence, flag, flag_since,
                                      last_as_of, version, sequence, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """
    static let updateSQL = """
        UPDATE customer_segment SET segment = ?2, since = ?3, observations = ?4, evidence = ?5, flag = ?6,
            flag_since = ?7, last_as_of = ?8, version = ?9, sequence = ?10, updated_at = ?11
        WHERE customer_id = ?1
        """

    init(segments: [String], now: String) {
        self.segments = segments
        self.now = now
    }

    private func text(_ day: Day?) -> String? {
        guard let day else { return nil }
        if let cached = days[day] { return cached }
        let text = day.description
        days[day] = text
        return text
    }

    func write(_ db: any SQLExecutor, _ tracks: [StoredTrack], new: Set<String>) throws {
        if let sqlite = db as? Database {
            let insert = try sqlite.makeStatement(sql: Self.insertSQL), update = try sqlite.makeStatement(sql: Self.updateSQL)
            for s in tracks { try bind(sqlite, new.contains(s.customerID) ? insert : update, s) }
            return
        }
        for s in tracks {
            let t = s.track
            try db.run(new.contains(s.customerID) ? Self.insertSQL : Self.updateSQL, [
                s.customerID, t.confirmed.map { segments[$0] }, text(t.since), t.observations, DoubleBlob.encode(t.evidence),
                t.flag.map { segments[$0] }, text(t.flagSince), text(s.lastAsOf), s.version, s.sequence, now])
        }
    }

    private func bind(_ db: Database, _ statement: Statement, _ stored: StoredTrack) throws {
        let s = statement.sqliteStatement
        let t = stored.track
        sqlite3_reset(s)
        func bind(_ i: Int32, _ text: String?) {
            if let text { sqlite3_bind_text(s, i, text, Int32(text.utf8.count), TrackBinder.transient) } else { sqlite3_bind_null(s, i) }
        }
        bind(1, stored.customerID)
        bind(2, t.confirmed.map { segments[$0] })
        bind(3, text(t.since))
        sqlite3_bind_int64(s, 4, Int64(t.observations))
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: t.evidence.count) { bytes in
            for i in t.evidence.indices { bytes[i] = t.evidence[i].bitPattern.littleEndian }
            _ = sqlite3_bind_blob(s, 5, bytes.baseAddress, Int32(bytes.count * 8), TrackBinder.transient)
        }
        bind(6, t.flag.map { segments[$0] })
        bind(7, text(t.flagSince))
        bind(8, text(stored.lastAsOf))
        if let version = stored.version { sqlite3_bind_int64(s, 9, Int64(version)) } else { sqlite3_bind_null(s, 9) }
        sqlite3_bind_int64(s, 10, Int64(stored.sequence))
        bind(11, now)
        _ = try statement.step(db)
    }
}

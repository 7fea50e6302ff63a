import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

/// The nightly insert or update of tracks (`?1`…`?11` in `customer_segment` column order), bound with the SQLite C
/// API (a million rows a night at full scale).
final class TrackBinder {
    let statement: Statement
    let segments: [String]
    let now: String
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// Day texts: a night touches a handful of distinct days, a million times.
    private var days = [Day: String]()

    init(statement: Statement, segments: [String], now: String) {
        self.statement = statement
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

    func write(_ db: Database, _ stored: StoredTrack) throws {
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

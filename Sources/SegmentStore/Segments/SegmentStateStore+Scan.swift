import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

extension SegmentStateStore {
    /// One observation with the customer's stored track as it was before this run.
    public struct ScannedRow {
        public let customerID: String
        public let day: Day
        /// The features, valid only during the callback.
        public let features: UnsafeBufferPointer<Double>
        public let stored: StoredTrack?
    }

    /// Every observation with `as_of` in `range`, in (as_of, customer) order — each customer's observations in time
    /// order — joined with its stored track, read with the SQLite C API (the nightly hot loop at a million customers).
    public func scan(_ range: DayRange, _ body: (ScannedRow) throws -> Void) throws {
        let schema = backend.schema
        let columns = schema.features.map { "o." + Migrations.quoted($0) }.joined(separator: ", ")
        let sql = """
            SELECT o.as_of, o.customer_id, \(columns), c.customer_id AS track_customer, c.segment, c.since,
                   c.observations, c.evidence, c.flag, c.flag_since, c.last_as_of, c.version, c.sequence
            FROM observation o LEFT JOIN customer_segment c ON c.customer_id = o.customer_id
            WHERE o.as_of BETWEEN ? AND ? ORDER BY o.as_of, o.customer_id
            """
        if let sqlite = backend as? SegmentDatabase {
            try scanSQLite(sqlite, sql: sql, range, body)
            return
        }
        let d = schema.features.count, segments = schema.segments
        var features = [Double](repeating: 0, count: d)
        try backend.read { db in
            try db.forEachRow(sql, [range.from.description, range.to.description]) { row in
                for j in 0..<d { features[j] = row[2 + j] ?? 0 }
                let customer: String = row["customer_id"]
                var stored: StoredTrack?
                if !row.value(named: "track_customer").isNull {
                    stored = SegmentStateStore.track(row, segments: segments)
                }
                let day = Day(row["as_of"] as String) ?? range.from
                try features.withUnsafeBufferPointer { f in
                    try body(ScannedRow(customerID: customer, day: day, features: f, stored: stored))
                }
            }
        }
    }

    /// The same scan reading SQLite's columns in place (a million rows a night).
    private func scanSQLite(_ database: SegmentDatabase, sql: String, _ range: DayRange,
                            _ body: (ScannedRow) throws -> Void) throws {
        let d = database.schema.features.count, segments = database.schema.segments
        try database.writer.read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([range.from.description, range.to.description])
            let s = statement.sqliteStatement
            var features = [Double](repeating: 0, count: d)
            var lastDayText = [UInt8](), lastDay = range.from
            /// A segment column as its index, compared as bytes (no String built).
            let names = segments.map { Array($0.utf8) }
            func segment(_ i: Int32) -> Int? {
                guard sqlite3_column_type(s, i) != SQLITE_NULL else { return nil }
                let bytes = UnsafeBufferPointer(start: sqlite3_column_text(s, i), count: Int(sqlite3_column_bytes(s, i)))
                return names.firstIndex { $0.elementsEqual(bytes) }
            }
            func day(_ i: Int32) -> Day? {
                guard sqlite3_column_type(s, i) != SQLITE_NULL else { return nil }
                return Day.parse(UnsafeBufferPointer(start: sqlite3_column_text(s, i), count: Int(sqlite3_column_bytes(s, i))))
            }
            let base = Int32(2 + d)
            while try statement.step(db) == SQLITE_ROW {
                let asOf = UnsafeBufferPointer(start: sqlite3_column_text(s, 0), count: Int(sqlite3_column_bytes(s, 0)))
                if !asOf.elementsEqual(lastDayText) {
                    lastDayText = Array(asOf)
                    lastDay = Day.parse(lastDayText[...]) ?? range.from
                }
                let customer = String(cString: sqlite3_column_text(s, 1))
                for j in 0..<d { features[j] = sqlite3_column_double(s, Int32(2 + j)) }
                var stored: StoredTrack?
                if sqlite3_column_type(s, base) != SQLITE_NULL {
                    var evidence = [Double](repeating: 0, count: segments.count)
                    if let blob = sqlite3_column_blob(s, base + 4) {
                        let bytes = Int(sqlite3_column_bytes(s, base + 4))
                        for i in 0..<min(segments.count, bytes / 8) {
                            evidence[i] = Double(bitPattern: UInt64(littleEndian: blob.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                        }
                    }
                    let confirmed = segment(base + 1)
                    let track = SegmentTrack(confirmed: confirmed, since: day(base + 2),
                                             observations: Int(sqlite3_column_int64(s, base + 3)), evidence: evidence,
                                             flag: segment(base + 5), flagSince: day(base + 6))
                    stored = StoredTrack(customerID: customer, track: track, lastAsOf: day(base + 7) ?? Day(index: 0),
                                         version: sqlite3_column_type(s, base + 8) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(s, base + 8)),
                                         sequence: Int(sqlite3_column_int64(s, base + 9)))
                }
                try features.withUnsafeBufferPointer { f in
                    try body(ScannedRow(customerID: customer, day: lastDay, features: f, stored: stored))
                }
            }
        }
    }
}

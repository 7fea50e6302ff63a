import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

extension ObservationStore {
    /// Rows with `as_of` in `range` in key order (day, then customer), customer ids as bytes, labels known by
    /// `knownBy` (−1 otherwise). Days are read in parallel on the pool's reader connections and joined in day order.
    public func loadKeyed(_ range: DayRange, knownBy: Day?) throws -> KeyedRows {
        let days = (0..<max(0, range.dayCount)).map { range.from + $0 }
        let chunks = ResultSlots<Result<KeyedRows, any Error>>(count: days.count)
        DispatchQueue.concurrentPerform(iterations: days.count) { i in
            chunks.set(i, Result { try loadKeyedDay(days[i], knownBy: knownBy) })
        }
        var rows = KeyedRows(featureCount: schema.features.count)
        for i in days.indices { if let chunk = chunks.get(i) { rows.append(try chunk.get()) } }
        return rows
    }

    private func loadKeyedDay(_ day: Day, knownBy: Day?) throws -> KeyedRows {
        let d = schema.features.count
        let names = schema.segments.map { Array($0.utf8) }
        return try backend.read { db in
            let sql = """
                SELECT customer_id, \(featureColumns), \(ObservationStore.segmentKnown(by: knownBy)) FROM observation
                WHERE as_of = ? ORDER BY customer_id
                """
            guard let db = db as? Database else {
                var rows = KeyedRows(featureCount: d)
                try db.forEachRow(sql, [day.description]) { row in
                    rows.keyBytes.append(contentsOf: (row[0] as String).utf8)
                    rows.keyEnds.append(rows.keyBytes.count)
                    for j in 0..<d { rows.features.append(row[j + 1] ?? 0) }
                    let label: String? = row[d + 1]
                    rows.labels.append(label.map { text in Int32(names.firstIndex { $0.elementsEqual(text.utf8) } ?? -1) } ?? -1)
                }
                return rows
            }
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([day.description])
            let s = statement.sqliteStatement
            var rows = KeyedRows(featureCount: d)
            while try statement.step(db) == SQLITE_ROW {
                rows.keyBytes.append(contentsOf: UnsafeBufferPointer(start: sqlite3_column_text(s, 0),
                                                                     count: Int(sqlite3_column_bytes(s, 0))))
                rows.keyEnds.append(rows.keyBytes.count)
                for j in 0..<d { rows.features.append(sqlite3_column_double(s, Int32(j + 1))) }
                if sqlite3_column_type(s, Int32(d + 1)) == SQLITE_NULL {
                    rows.labels.append(-1)
                } else {
                    let text = UnsafeBufferPointer(start: sqlite3_column_text(s, Int32(d + 1)),
                                                   count: Int(sqlite3_column_bytes(s, Int32(d + 1))))
                    rows.labels.append(Int32(names.firstIndex { $0.elementsEqual(text) } ?? -1))
                }
            }
            return rows
        }
    }
}

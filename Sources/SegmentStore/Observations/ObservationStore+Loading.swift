import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

extension ObservationStore {
    /// Rows with `as_of` in `range` (both ends included), in key order.
    public func load(_ range: DayRange, labelledOnly: Bool = false) throws -> ObservationBatch {
        try database.writer.read { db in try load(db, range, labelledOnly: labelledOnly) }
    }

    func load(_ db: Database, _ range: DayRange, labelledOnly: Bool) throws -> ObservationBatch {
        let d = schema.features.count
        var batch = ObservationBatch(featureCount: d)
        guard !range.isEmpty else { return batch }
        let segmentIndex = Dictionary(uniqueKeysWithValues: schema.segments.enumerated().map { ($1, Int32($0)) })
        let sql = """
            SELECT as_of, customer_id, \(featureColumns), segment FROM observation
            WHERE as_of BETWEEN ? AND ? \(labelledOnly ? "AND segment IS NOT NULL" : "")
            ORDER BY as_of, customer_id
            """
        // The hot loop reads columns with the SQLite C API (GRDB's Row would box every value).
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments([range.from.description, range.to.description])
        let s = statement.sqliteStatement
        var features = [Double](repeating: 0, count: d)
        var lastText = [UInt8](), lastDay = range.from
        while try statement.step(db) == SQLITE_ROW {
            let asOf = UnsafeBufferPointer(start: sqlite3_column_text(s, 0), count: Int(sqlite3_column_bytes(s, 0)))
            if !asOf.elementsEqual(lastText) {
                lastText = Array(asOf)
                lastDay = Day.parse(lastText[...]) ?? range.from
            }
            let customerID = String(decoding: UnsafeBufferPointer(start: sqlite3_column_text(s, 1), count: Int(sqlite3_column_bytes(s, 1))),
                                    as: UTF8.self)
            for j in 0..<d { features[j] = sqlite3_column_double(s, Int32(2 + j)) }
            var label = LabelledData.unlabelled
            if sqlite3_column_type(s, Int32(d + 2)) != SQLITE_NULL {
                let text = String(cString: sqlite3_column_text(s, Int32(d + 2)))
                label = segmentIndex[text] ?? LabelledData.unlabelled
            }
            batch.append(customerID: customerID, day: lastDay, features: features, label: label, line: 0)
        }
        return batch
    }

    /// Counts of rows and labelled rows with `as_of` in `range`.
    public func counts(_ range: DayRange) throws -> (rows: Int, labelled: Int) {
        try database.writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COUNT(segment) FROM observation WHERE as_of BETWEEN ? AND ?
                """, arguments: [range.from.description, range.to.description])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// The newest `as_of` stored (of labelled rows with `labelled`), or nil when there are none.
    public func latestDay(labelled: Bool = false) throws -> Day? {
        try database.writer.read { db in
            let sql = labelled
                ? "SELECT MAX(as_of) FROM observation WHERE segment IS NOT NULL"
                : "SELECT MAX(as_of) FROM observation"
            return try String.fetchOne(db, sql: sql).flatMap { Day($0) }
        }
    }

    /// The newest `as_of` on or before `day` (of labelled rows with `labelled`).
    public func latestDay(onOrBefore day: Day, labelled: Bool) throws -> Day? {
        try database.writer.read { db in
            let sql = "SELECT MAX(as_of) FROM observation WHERE as_of <= ?" + (labelled ? " AND segment IS NOT NULL" : "")
            return try String.fetchOne(db, sql: sql, arguments: [day.description]).flatMap { Day($0) }
        }
    }

    /// The oldest `as_of` stored.
    public func earliestDay() throws -> Day? {
        try database.writer.read { db in try String.fetchOne(db, sql: "SELECT MIN(as_of) FROM observation").flatMap { Day($0) } }
    }

    /// Every customer's latest observation with `as_of` ≤ `day` and not older than `lookbackDays`.
    public func latestPerCustomer(asOf day: Day, lookbackDays: Int) throws -> ObservationBatch {
        try database.writer.read { db in
            let window = try load(db, DayRange(ending: day, length: lookbackDays), labelledOnly: false)
            var latest = [String: Int]()
            for i in 0..<window.count { latest[window.customerIDs[i]] = i }  // rows come in as_of order
            var out = ObservationBatch(featureCount: window.featureCount)
            for i in latest.values.sorted() { out.append(window.observation(i)) }
            return out
        }
    }

    /// One customer's observations, oldest first.
    public func history(customerID: String, limit: Int = 52) throws -> [Observation] {
        let d = schema.features.count
        let segmentIndex = Dictionary(uniqueKeysWithValues: schema.segments.enumerated().map { ($1, Int32($0)) })
        return try database.writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT as_of, customer_id, \(featureColumns), segment FROM observation WHERE customer_id = ?
                ORDER BY as_of DESC LIMIT ?
                """, arguments: [customerID, limit])
            return rows.reversed().map { row in
                Observation(customerID: row[1], asOf: Day(row[0] as String) ?? Day(index: 0),
                            features: (0..<d).map { row[2 + $0] },
                            label: (row[d + 2] as String?).flatMap { segmentIndex[$0] })
            }
        }
    }
}

extension ObservationStore {
    /// Features and labels only (no customer ids) of the labelled rows with `as_of` in `range` but not in
    /// `excluding`: what evaluations and gates need. Days are read in parallel on the pool's reader connections
    /// and joined in day order, so the result is the same as one sequential read.
    public func loadLabelled(_ range: DayRange, excluding: DayRange? = nil) throws -> LabelledData {
        let d = schema.features.count
        let days = (0..<max(0, range.dayCount)).map { range.from + $0 }.filter { !(excluding?.contains($0) ?? false) }
        var chunks = [Result<([Double], [Int32]), any Error>](repeating: .success(([], [])), count: days.count)
        chunks.withUnsafeMutableBufferPointer { buffer in
            let out = SendableMutablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: days.count) { i in
                out.pointer[i] = Result { try loadLabelledDay(days[i]) }
            }
        }
        var features = [Double]()
        var labels = [Int32]()
        for chunk in chunks {
            let (f, l) = try chunk.get()
            features += f
            labels += l
        }
        return LabelledData(features: FeatureMatrix(columns: d, values: features), labels: labels)
    }

    private func loadLabelledDay(_ day: Day) throws -> ([Double], [Int32]) {
        let d = schema.features.count
        let names = schema.segments.map { Array($0.utf8) }
        return try database.writer.read { db in
            let sql = "SELECT \(featureColumns), segment FROM observation WHERE as_of = ? AND segment IS NOT NULL ORDER BY customer_id"
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([day.description])
            let s = statement.sqliteStatement
            var features = [Double]()
            var labels = [Int32]()
            while try statement.step(db) == SQLITE_ROW {
                for j in 0..<d { features.append(sqlite3_column_double(s, Int32(j))) }
                let text = UnsafeBufferPointer(start: sqlite3_column_text(s, Int32(d)), count: Int(sqlite3_column_bytes(s, Int32(d))))
                labels.append(Int32(names.firstIndex { $0.elementsEqual(text) } ?? 0))
            }
            return (features, labels)
        }
    }
}

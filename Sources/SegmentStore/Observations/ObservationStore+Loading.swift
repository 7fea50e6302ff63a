import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

extension ObservationStore {
    /// The segment column as known by `day`: a label whose `labelled_on` is later reads as NULL (not known yet).
    static func segmentKnown(by day: Day?) -> String {
        guard let day else { return "segment" }
        return "(CASE WHEN COALESCE(labelled_on, as_of) <= '\(day)' THEN segment END)"
    }

    /// Rows with `as_of` in `range` (both ends included), in key order. With `knownBy`, labels that became known
    /// after that day are left out (the row is unlabelled, or skipped with `labelledOnly`).
    public func load(_ range: DayRange, labelledOnly: Bool = false, knownBy: Day? = nil) throws -> ObservationBatch {
        try backend.read { db in try load(db, range, labelledOnly: labelledOnly, knownBy: knownBy) }
    }

    func load(_ db: any SQLExecutor, _ range: DayRange, labelledOnly: Bool, knownBy: Day? = nil) throws -> ObservationBatch {
        let d = schema.features.count
        var batch = ObservationBatch(featureCount: d)
        guard !range.isEmpty else { return batch }
        let segmentIndex = Dictionary(uniqueKeysWithValues: schema.segments.enumerated().map { ($1, Int32($0)) })
        let segment = ObservationStore.segmentKnown(by: knownBy)
        let sql = """
            SELECT as_of, customer_id, \(featureColumns), \(segment) FROM observation
            WHERE as_of BETWEEN ? AND ? \(labelledOnly ? "AND \(segment) IS NOT NULL" : "")
            ORDER BY as_of, customer_id
            """
        guard let db = db as? Database else {
            var features = [Double](repeating: 0, count: d)
            try db.forEachRow(sql, [range.from.description, range.to.description]) { row in
                for j in 0..<d { features[j] = row[2 + j] ?? 0 }
                let label = (row[d + 2] as String?).flatMap { segmentIndex[$0] } ?? LabelledData.unlabelled
                batch.append(customerID: row[1], day: Day(row[0] as String) ?? range.from, features: features, label: label,
                             line: 0)
            }
            return batch
        }
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

    /// Counts of rows and labelled rows (known by `knownBy`) with `as_of` in `range`.
    public func counts(_ range: DayRange, knownBy: Day? = nil) throws -> (rows: Int, labelled: Int) {
        try backend.read { db in
            let row = try db.row("""
                SELECT COUNT(*), COUNT(\(ObservationStore.segmentKnown(by: knownBy))) FROM observation WHERE as_of BETWEEN ? AND ?
                """, [range.from.description, range.to.description])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// The newest `as_of` stored (of labelled rows with `labelled`), or nil when there are none.
    public func latestDay(labelled: Bool = false) throws -> Day? {
        try backend.read { db in
            let sql = labelled
                ? "SELECT MAX(as_of) FROM observation WHERE segment IS NOT NULL"
                : "SELECT MAX(as_of) FROM observation"
            return try db.value(sql, as: String.self).flatMap { Day($0) }
        }
    }

    /// The newest `as_of` on or before `day` (of rows with a label known by `day`, with `labelled`).
    public func latestDay(onOrBefore day: Day, labelled: Bool) throws -> Day? {
        try backend.read { db in
            let sql = "SELECT MAX(as_of) FROM observation WHERE as_of <= ?"
                + (labelled ? " AND \(ObservationStore.segmentKnown(by: day)) IS NOT NULL" : "")
            return try db.value(sql, [day.description], as: String.self).flatMap { Day($0) }
        }
    }

    /// The oldest `as_of` stored.
    public func earliestDay() throws -> Day? {
        try backend.read { db in try db.value("SELECT MIN(as_of) FROM observation", as: String.self).flatMap { Day($0) } }
    }

    /// Every customer's latest observation with `as_of` ≤ `day` and not older than `lookbackDays`.
    public func latestPerCustomer(asOf day: Day, lookbackDays: Int) throws -> ObservationBatch {
        try backend.read { db in
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
        return try backend.read { db in
            let rows = try db.rows("""
                SELECT as_of, customer_id, \(featureColumns), segment FROM observation WHERE customer_id = ?
                ORDER BY as_of DESC LIMIT ?
                """, [customerID, limit])
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
    /// `excluding`, counting only labels known by `knownBy`: what evaluations and gates need. Days are read in
    /// parallel on the pool's reader connections and joined in day order, so the result is the same as one
    /// sequential read.
    public func loadLabelled(_ range: DayRange, excluding: DayRange? = nil, knownBy: Day? = nil) throws -> LabelledData {
        try loadLabelled(range, excludingAll: excluding.map { [$0] } ?? [], knownBy: knownBy)
    }

    /// `loadLabelled` leaving out every day in any of `excluded` (the days any compared model trained on).
    public func loadLabelled(_ range: DayRange, excludingAll excluded: [DayRange], knownBy: Day? = nil) throws -> LabelledData {
        let d = schema.features.count
        let days = (0..<max(0, range.dayCount)).map { range.from + $0 }.filter { day in !excluded.contains { $0.contains(day) } }
        var chunks = [Result<([Double], [Int32]), any Error>](repeating: .success(([], [])), count: days.count)
        chunks.withUnsafeMutableBufferPointer { buffer in
            let out = SendableMutablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: days.count) { i in
                out.pointer[i] = Result { try loadLabelledDay(days[i], knownBy: knownBy) }
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

    private func loadLabelledDay(_ day: Day, knownBy: Day?) throws -> ([Double], [Int32]) {
        let d = schema.features.count
        let names = schema.segments.map { Array($0.utf8) }
        return try backend.read { db in
            let segment = ObservationStore.segmentKnown(by: knownBy)
            let sql = "SELECT \(featureColumns), \(segment) FROM observation WHERE as_of = ? AND \(segment) IS NOT NULL ORDER BY customer_id"
            guard let db = db as? Database else {
                var features = [Double](), labels = [Int32]()
                try db.forEachRow(sql, [day.description]) { row in
                    for j in 0..<d { features.append(row[j] ?? 0) }
                    let text: String = row[d]
                    labels.append(Int32(names.firstIndex { $0.elementsEqual(text.utf8) } ?? 0))
                }
                return (features, labels)
            }
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

extension ObservationStore {
    /// The label horizon for decisions on day `asOf`: the newest day `E ≤ asOf` such that the `windowDays` days
    /// ending at E hold at least `minLabelled` labels known by `asOf`, and at least half the labels such days end
    /// up with (the labelled share of days `maxLag` or more days old). With labels known on the day (the usual case)
    /// it is `asOf` itself; when labels arrive days or weeks late, windows slide back to where most of them are, so
    /// that decisions rest on enough evidence. Looks back at most `maxLag` days; falls back to `asOf`.
    public func labelHorizon(asOf: Day, windowDays: Int, minLabelled: Int, maxLag: Int = 42) throws -> Day {
        let first = asOf - (maxLag + windowDays + 14)
        let perDay = try backend.read { db -> [Day: (rows: Int, labelled: Int)] in
            let rows = try db.rows("""
                SELECT as_of, COUNT(*), COUNT(\(ObservationStore.segmentKnown(by: asOf))) FROM observation
                WHERE as_of BETWEEN ? AND ? GROUP BY as_of
                """, [first.description, asOf.description])
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                Day(row[0] as String).map { ($0, (rows: row[1] as Int, labelled: row[2] as Int)) }
            })
        }
        let settled = perDay.filter { $0.key <= asOf - maxLag }.values
        let settledRows = settled.reduce(0) { $0 + $1.rows }
        let share = settledRows > 0 ? Double(settled.reduce(0) { $0 + $1.labelled }) / Double(settledRows) : nil
        for lag in 0...maxLag {
            let end = asOf - lag
            let window = (0..<windowDays).compactMap { perDay[end - $0] }
            let rows = window.reduce(0) { $0 + $1.rows }, labelled = window.reduce(0) { $0 + $1.labelled }
            if labelled >= minLabelled && Double(labelled) >= 0.5 * (share ?? 0) * Double(rows) { return end }
        }
        return asOf
    }
}

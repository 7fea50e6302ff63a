import Foundation
import GRDB
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
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: [range.from.description, range.to.description])
        var features = [Double](repeating: 0, count: d)
        var lastText = "", lastDay = range.from
        while let row = try cursor.next() {
            let text: String = row[0]
            if text != lastText {
                lastText = text
                lastDay = Day(text) ?? range.from
            }
            for j in 0..<d { features[j] = row[2 + j] }
            let segment: String? = row[d + 2]
            batch.append(customerID: row[1], day: lastDay, features: features,
                         label: segment.flatMap { segmentIndex[$0] } ?? LabelledData.unlabelled, line: 0)
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

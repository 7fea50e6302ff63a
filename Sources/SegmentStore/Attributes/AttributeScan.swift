import GRDB
import GRDBSQLite
import SegmentModel

/// One pass over a key range of `protected_attribute` (customers in key order): each customer indexed once by its
/// bytes, each row's group found by its bytes, the (source, vintage) ids noted when they change — no string per row.
struct AttributeScan {
    /// One attribute's rows in the range.
    struct Building {
        var groups = [String: Int]()
        /// The groups' spellings, to find a row's group by its bytes without decoding a string.
        var groupBytes = [[UInt8]]()
        var entries = [(customer: Int, group: Int, weight: Double)]()
        var probabilistic = false
        /// The `attribute_source` ids seen (named after the scan).
        var sourceIDs = Set<Int64>()
        var lastSourceID: Int64 = -1

        mutating func group(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            if let g = groupBytes.firstIndex(where: { Bytes.equal(bytes, $0) }) { return g }
            groupBytes.append(Array(bytes))
            groups[String(decoding: bytes, as: UTF8.self)] = groups.count
            return groups.count - 1
        }
    }

    var customers = CustomerIndex(capacity: 1 << 16)
    var attributes = [String: Building]()

    /// Scans customers with `from ≤ customer_id < to` (nil: unbounded).
    /// Rows in (customer, attribute, value) order, folded into the scan.
    struct Accumulator {
        var scan = AttributeScan()
        var building = [Building](), names = [String](), nameBytes = [[UInt8]]()
        var lastAttribute = [UInt8](), a = -1
        var lastCustomer = [UInt8](), customer = -1

        mutating func add(id: UnsafeBufferPointer<UInt8>, attribute attributeBytes: UnsafeBufferPointer<UInt8>,
                          value: UnsafeBufferPointer<UInt8>, probability: Double?, sourceID: Int64) {
            if !Bytes.equal(id, lastCustomer) {
                lastCustomer.removeAll(keepingCapacity: true)
                lastCustomer.append(contentsOf: id)
                customer = scan.customers.insert(id)
            }
            if !Bytes.equal(attributeBytes, lastAttribute) {
                lastAttribute.removeAll(keepingCapacity: true)
                lastAttribute.append(contentsOf: attributeBytes)
                if let known = nameBytes.firstIndex(where: { Bytes.equal(attributeBytes, $0) }) { a = known } else {
                    a = building.count
                    nameBytes.append(Array(attributeBytes))
                    names.append(String(decoding: attributeBytes, as: UTF8.self))
                    building.append(Building())
                }
            }
            let g = building[a].group(value)
            if probability != nil { building[a].probabilistic = true }
            building[a].entries.append((customer, g, probability ?? 1))
            if sourceID != building[a].lastSourceID {
                building[a].lastSourceID = sourceID
                building[a].sourceIDs.insert(sourceID)
            }
        }

        func finish() -> AttributeScan {
            var scan = self.scan
            scan.attributes = Dictionary(uniqueKeysWithValues: zip(names, building))
            return scan
        }
    }

    static func sql(from: [UInt8]?, to: [UInt8]?) -> (String, [(any SQLValueConvertible)?]) {
        let bounds = [from.map { _ in "customer_id >= ?" }, to.map { _ in "customer_id < ?" }].compactMap { $0 }
        return ("""
            SELECT customer_id, attribute, value, probability, source_id FROM protected_attribute
            \(bounds.isEmpty ? "" : "WHERE " + bounds.joined(separator: " AND ")) ORDER BY customer_id, attribute, value
            """, [from, to].compactMap { $0.map { String(decoding: $0, as: UTF8.self) } })
    }

    /// The scan of customers in `from..<to` through any engine.
    static func run(_ db: any SQLExecutor, from: [UInt8]?, to: [UInt8]?) throws -> AttributeScan {
        if let sqlite = db as? Database { return try runSQLite(sqlite, from: from, to: to) }
        var accumulator = Accumulator()
        let (sql, arguments) = Self.sql(from: from, to: to)
        try db.forEachRow(sql, arguments) { row in
            let id: String = row[0], attribute: String = row[1], value: String = row[2]
            let sourceID: Int = row[4]
            Array(id.utf8).withUnsafeBufferPointer { i in
                Array(attribute.utf8).withUnsafeBufferPointer { a in
                    Array(value.utf8).withUnsafeBufferPointer { v in
                        accumulator.add(id: i, attribute: a, value: v, probability: row[3], sourceID: Int64(sourceID))
                    }
                }
            }
        }
        return accumulator.finish()
    }

    /// The same scan reading SQLite's columns in place.
    static func runSQLite(_ db: Database, from: [UInt8]?, to: [UInt8]?) throws -> AttributeScan {
        var accumulator = Accumulator()
        let (sql, arguments) = Self.sql(from: from, to: to)
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(Database.grdbArguments(arguments))
        let s = statement.sqliteStatement
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: sqlite3_column_text(s, column), count: Int(sqlite3_column_bytes(s, column)))
        }
        while try statement.step(db) == SQLITE_ROW {
            accumulator.add(id: text(0), attribute: text(1), value: text(2),
                            probability: sqlite3_column_type(s, 3) == SQLITE_NULL ? nil : Optional(sqlite3_column_double(s, 3)),
                            sourceID: sqlite3_column_int64(s, 4))
        }
        return accumulator.finish()
    }
}

import GRDB

/// The ids of (source, vintage) pairs in `attribute_source` during one ingest: found or added once each.
struct AttributeSources {
    private var known = [String: Int64]()

    mutating func id(_ db: Database, source: String?, vintage: String?) throws -> Int64 {
        let key = (source ?? "\u{0}") + "\u{1}" + (vintage ?? "\u{0}")
        if let id = known[key] { return id }
        let id: Int64
        if let found = try Int64.fetchOne(db, sql: "SELECT id FROM attribute_source WHERE source IS ? AND vintage IS ?",
                                          arguments: [source, vintage]) {
            id = found
        } else {
            try db.execute(sql: "INSERT INTO attribute_source (source, vintage) VALUES (?, ?)", arguments: [source, vintage])
            id = db.lastInsertedRowID
        }
        known[key] = id
        return id
    }

    /// Every pair by id, to name the sources and vintages a scan saw.
    static func all(_ db: Database) throws -> [Int64: (source: String?, vintage: String?)] {
        var pairs = [Int64: (source: String?, vintage: String?)]()
        for row in try Row.fetchAll(db, sql: "SELECT id, source, vintage FROM attribute_source") {
            pairs[row[0]] = (row[1], row[2])
        }
        return pairs
    }
}


/// The ids of (source, vintage) pairs in `attribute_source` during one ingest: found or added once each.
struct AttributeSources {
    private var known = [String: Int64]()

    mutating func id(_ db: any SQLExecutor, source: String?, vintage: String?) throws -> Int64 {
        let key = (source ?? "\u{0}") + "\u{1}" + (vintage ?? "\u{0}")
        if let id = known[key] { return id }
        let id: Int64
        if let found = try db.value("""
            SELECT id FROM attribute_source WHERE source IS NOT DISTINCT FROM ? AND vintage IS NOT DISTINCT FROM ?
            """, [source, vintage], as: Int64.self) {
            id = found
        } else {
            id = try db.value("INSERT INTO attribute_source (source, vintage) VALUES (?, ?) RETURNING id", [source, vintage]) ?? 0
        }
        known[key] = id
        return id
    }

    /// Every pair by id, to name the sources and vintages a scan saw.
    static func all(_ db: any SQLExecutor) throws -> [Int64: (source: String?, vintage: String?)] {
        var pairs = [Int64: (source: String?, vintage: String?)]()
        for row in try db.rows("SELECT id, source, vintage FROM attribute_source") {
            pairs[row[0]] = (row[1], row[2])
        }
        return pairs
    }
}

import Foundation
import GRDB
import SegmentModel

/// Sizes per table (with its indexes), the file, free pages, and what retention would free.
public struct DatabaseStats: Sendable, Encodable {
    public struct Table: Sendable, Encodable {
        public let name: String
        public let rows: Int
        /// Pages of the table and its indexes (nil when SQLite lacks the `dbstat` table).
        public let bytes: Int?
    }

    public let path: String
    public let fileBytes: Int
    public let freeBytes: Int
    public let tables: [Table]
    /// As of the newest observation day.
    public let retention: Retention.Plan?
    /// What the retention plan would free, from the tables' average row sizes.
    public let retentionFreesBytes: Int?

    enum CodingKeys: String, CodingKey {
        case path, tables, retention
        case fileBytes = "file_bytes"
        case freeBytes = "free_bytes"
        case retentionFreesBytes = "retention_frees_bytes"
    }

    public static func load(_ backend: any StoreBackend, retention: Retention, asOf: Day? = nil) throws -> DatabaseStats {
        if backend.dialect == .postgres { return try loadPostgres(backend, retention: retention, asOf: asOf) }
        guard let database = backend as? SegmentDatabase else { throw StoreError.invalid("unknown store engine") }
        let (tables, pageSize, pages, free, newest) = try database.writer.read { db in
            let names = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name
                """)
            // Every index's pages count with its table.
            var bytes: [String: Int]? = [:]
            do {
                let owner = Dictionary(try Row.fetchAll(db, sql: "SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
                    .map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
                for row in try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name") {
                    let name: String = row[0]
                    bytes![owner[name] ?? name, default: 0] += row[1] as Int
                }
            } catch {
                bytes = nil
            }
            let tables = try names.map { name in
                Table(name: name, rows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Migrations.quoted(name))") ?? 0,
                      bytes: bytes.map { $0[name] ?? 0 })
            }
            return (tables, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096, try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                    try String.fetchOne(db, sql: "SELECT MAX(as_of) FROM observation").flatMap(Day.init))
        }
        return try finish(path: database.path, fileBytes: pages * pageSize, freeBytes: free * pageSize, tables: tables,
                      newest: newest, retention: retention, asOf: asOf)
    }

    /// Row counts and sizes (with indexes and TOAST) from PostgreSQL's catalogue; free space is the server's business.
    static func loadPostgres(_ backend: any StoreBackend, retention: Retention, asOf: Day?) throws -> DatabaseStats {
        let (tables, size, newest) = try backend.read { db in
            let tables = try db.rows("""
                SELECT c.relname AS name, CAST(pg_total_relation_size(c.oid) AS BIGINT) AS bytes
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname
                """).map { row in
                    Table(name: row["name"], rows: try db.value("SELECT COUNT(*) FROM \(Migrations.quoted(row["name"]))") ?? 0,
                          bytes: row["bytes"])
                }
            return (tables, try db.value("SELECT CAST(pg_database_size(current_database()) AS BIGINT)", as: Int.self) ?? 0,
                    try db.value("SELECT MAX(as_of) FROM observation", as: String.self).flatMap(Day.init))
        }
        return try finish(path: backend.location, fileBytes: size, freeBytes: 0, tables: tables, newest: newest,
                          retention: retention, asOf: asOf)
    }

    static func finish(path: String, fileBytes: Int, freeBytes: Int, tables: [Table], newest: Day?, retention: Retention,
                       asOf: Day?) throws -> DatabaseStats {
        let plan = try (asOf ?? newest).map { try retention.plan(asOf: $0) }
        func perRow(_ name: String) -> Double? {
            guard let t = tables.first(where: { $0.name == name }), let b = t.bytes, t.rows > 0 else { return nil }
            return Double(b) / Double(t.rows)
        }
        let frees = plan.flatMap { p -> Int? in
            guard let s = perRow("segment_book"), let o = perRow("observation") else { return nil }
            return Int(Double(p.scores) * s + Double(p.observations) * o)
        }
        return DatabaseStats(path: path, fileBytes: fileBytes, freeBytes: freeBytes,
                             tables: tables.sorted { ($0.bytes ?? 0, $0.rows) > ($1.bytes ?? 0, $1.rows) },
                             retention: plan, retentionFreesBytes: frees)
    }
}

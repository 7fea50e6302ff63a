import Foundation
import SegmentModel
import SegmentStore

/// Moving house: every table of a SQLite store copied into an empty PostgreSQL database in one transaction (the
/// target shows all of it or none), with COPY, then both registries verified and compared — the same versions,
/// artifact hashes and audit chain ending in the same hash.
public struct StoreCopy {
    /// Tables in an order their foreign keys accept; `leadership` belongs to the deployment and is not copied.
    public static let tables = [
        "meta", "ingest_batch", "observation", "model_version", "audit_log", "production_interval", "approval",
        "monitor_run", "event", "alert_state", "alert_transition", "notification", "outbox", "dead_letter", "job_run",
        "segment_book", "segment_book_latest", "customer_segment", "segment_event", "feed_outbox", "treatment_log",
        "attribute_batch", "attribute_source", "protected_attribute",
    ]
    /// Rows per COPY round trip.
    static let chunk = 20_000

    public struct Report: Sendable, Encodable {
        public struct Table: Sendable, Encodable {
            public let name: String
            public let rows: Int
        }
        public var from: String
        public var to: String
        public var tables: [Table] = []
        public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
        public var source: RegistryVerifier.Report?
        public var target: RegistryVerifier.Report?
        public var auditHead: String?
        public var seconds = 0.0
        public var ok: Bool { (target?.ok ?? false) && source?.entriesChecked == target?.entriesChecked }

        enum CodingKeys: String, CodingKey { case from, to, tables, rows, source, target, ok, seconds
            case auditHead = "audit_head" }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(tables, forKey: .tables)
            try c.encode(rows, forKey: .rows)
            try c.encode(source, forKey: .source)
            try c.encode(target, forKey: .target)
            try c.encode(auditHead, forKey: .auditHead)
            try c.encode(ok, forKey: .ok)
            try c.encode(seconds, forKey: .seconds)
        }
    }

    public struct TargetNotEmpty: Error, CustomStringConvertible {
        public let location: String
        public let table: String
        public let rows: Int
        public var description: String {
            "\(location) already holds data (\(rows) rows in \(table)); copy into a new, empty database (createdb NAME), or drop this one"
        }
    }

    let source: any StoreBackend
    let target: PostgresBackend

    public init(source: any StoreBackend, target: PostgresBackend) {
        self.source = source
        self.target = target
    }

    public func run(progress: ((String, Int) -> Void)? = nil) throws -> Report {
        let started = ContinuousClock.now
        var report = Report(from: source.location, to: target.location)
        try target.write { db in
            guard let bulk = db as? any SQLBulkCopier else { throw StoreError.invalid("the target cannot COPY") }
            for table in Self.tables where table != "meta" {
                let rows = try db.value("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0
                if rows > 0 { throw TargetNotEmpty(location: target.location, table: table, rows: rows) }
            }
            try db.run("DELETE FROM meta")
            try source.read { from in
                for table in Self.tables {
                    report.tables.append(.init(name: table, rows: try copy(table, from: from, to: bulk, progress: progress)))
                }
            }
            // Identity columns continue after the copied ids.
            let identities: [String] = try db.values("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'
                """)
            for table in Self.tables where identities.contains(table) {
                try db.run("""
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)
                    """)
            }
        }
        report.source = try RegistryVerifier(database: source).verify()
        report.target = try RegistryVerifier(database: target).verify()
        let heads = try [source, target].map { store in
            try store.read { db in try db.value("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", as: String.self) }
        }
        report.auditHead = heads[0] == heads[1] ? heads[1] : nil
        let elapsed = (ContinuousClock.now - started).components
        report.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return report
    }

    /// One table, in chunks of `chunk` rows, its columns as the source names them.
    private func copy(_ table: String, from: any SQLExecutor, to: any SQLBulkCopier,
                      progress: ((String, Int) -> Void)?) throws -> Int {
        var columns: [String]?
        var pending: [SQLRow] = []
        var copied = 0
        func flush() throws {
            guard let names = columns, !pending.isEmpty else { return }
            let rows = pending
            try to.copy(into: table, columns: names, rowCount: rows.count) { i, writer in
                for value in rows[i].values { writer.value(value) }
                writer.endRow()
            }
            copied += rows.count
            pending.removeAll(keepingCapacity: true)
            progress?(table, copied)
        }
        try from.forEachRow("SELECT * FROM \(table)", []) { row in
            if columns == nil { columns = row.columns }
            pending.append(row)
            if pending.count >= Self.chunk { try flush() }
        }
        try flush()
        return copied
    }
}

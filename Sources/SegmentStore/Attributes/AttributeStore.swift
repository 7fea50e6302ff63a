import Crypto
import Foundation
import SegmentModel

/// Protected attributes, kept apart from the observations: all-or-nothing ingest per file, a summary without
/// values, and the load the fairness audit reads. Values never enter the audit log or any log line.
public struct AttributeStore: Sendable {
    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    /// Stores a parsed file in one transaction: each (customer, attribute) in the file replaces what was stored for
    /// it. A customer with no observation rejects the whole file; a file that changes nothing leaves no trace.
    public func ingest(_ rows: [AttributeRow], file: String, fileSHA256: String, actor: String, at date: Date,
                       progress: ((Int) -> Void)? = nil) throws -> AttributeIngestReport {
        var memberships = [String: [AttributeRow]]()
        var order = [String]()
        for row in rows {
            let key = row.customerID + "\u{0}" + row.attribute
            if memberships[key] == nil { order.append(key) }
            memberships[key, default: []].append(row)
        }
        let customers = Set(rows.map(\.customerID))
        var perAttribute = [String: Int]()
        for key in order { perAttribute[memberships[key]![0].attribute, default: 0] += 1 }
        return try backend.write(rollingBackUnless: { db in
            var log = ViolationLog()
            var reported = Set<String>()
            for row in rows where !reported.contains(row.customerID) {
                reported.insert(row.customerID)
                if try db.value("SELECT 1 FROM observation WHERE customer_id = ? LIMIT 1", [row.customerID], as: Int.self) == nil {
                    log.record(ContractViolation(file: file, line: row.line, column: "customer_id",
                                                 reason: "unknown customer \(row.customerID): no observation is stored for it; ingest its observations first"))
                }
            }
            guard log.isEmpty else { throw IngestRejected(file: file, violations: log) }
            let previous = try db.value("SELECT digest FROM attribute_batch ORDER BY id DESC LIMIT 1", as: String.self)
                ?? AuditLog.genesisHash
            let digest = SHA256.hash(data: Data((previous + fileSHA256).utf8)).map { String(format: "%02x", $0) }.joined()
            let batchID = try db.value("""
                INSERT INTO attribute_batch (file, file_sha256, ingested_at, actor, rows, customers, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, [file, fileSHA256, Timestamp.format(date), actor, rows.count, customers.count, digest]) ?? 0
            let counts = try store(db, order.map { memberships[$0]! }, batchID: batchID, progress: progress)
            let result = AttributeIngestReport(
                file: file, fileSHA256: fileSHA256, rows: rows.count, customers: customers.count,
                attributes: perAttribute, inserted: counts.inserted, replaced: counts.replaced,
                unchanged: counts.unchanged, batchID: counts.inserted + counts.replaced > 0 ? batchID : nil,
                digest: counts.inserted + counts.replaced > 0 ? digest : previous)
            guard result.batchID != nil else { return (result, false) }
            try AuditLog.append(db, AuditLog.Record(actor: actor, action: "attributes_ingest", outcome: "ok",
                                                    evidence: try JSONValue(encoding: result)), at: date)
            return (result, true)
        })
    }

    /// Replaces each (customer, attribute) membership that differs from the stored one.
    func store(_ db: any SQLExecutor, _ groups: [[AttributeRow]], batchID: Int, progress: ((Int) -> Void)?) throws
        -> (inserted: Int, replaced: Int, unchanged: Int) {
        do {
            var sources = AttributeSources()
            var inserted = 0, replaced = 0, unchanged = 0
            for (n, group) in groups.enumerated() {
                if n % 50_000 == 0 { progress?(n) }
                let first = group[0]
                let stored = try db.rows("""
                    SELECT value, probability, source, vintage FROM protected_attribute
                    JOIN attribute_source ON attribute_source.id = source_id
                    WHERE customer_id = ? AND attribute = ? ORDER BY value
                    """, [first.customerID, first.attribute])
                let incoming = group.sorted { Array($0.value.utf8).lexicographicallyPrecedes(Array($1.value.utf8)) }
                if stored.count == incoming.count && zip(stored, incoming).allSatisfy({ row, new in
                    (row[0] as String).utf8.elementsEqual(new.value.utf8) && (row[1] as Double?) == new.probability
                        && (row[2] as String?) == new.source && (row[3] as String?) == new.vintage?.description
                }) {
                    unchanged += 1
                    continue
                }
                if stored.isEmpty { inserted += 1 } else {
                    replaced += 1
                    try db.run("DELETE FROM protected_attribute WHERE customer_id = ? AND attribute = ?", [first.customerID, first.attribute])
                }
                for row in incoming {
                    try db.run("""
                        INSERT INTO protected_attribute (customer_id, attribute, value, probability, source_id, batch_id)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, [row.customerID, row.attribute, row.value, row.probability,
                              sources.id(db, source: row.source, vintage: row.vintage?.description), batchID])
                }
            }
            progress?(groups.count)
            return (inserted, replaced, unchanged)
        }
    }
}

import Crypto
import Foundation
import GRDB
import SegmentModel

/// Protected attributes, kept apart from the observations: all-or-nothing ingest per file, a summary without
/// values, and the load the fairness audit reads. Values never enter the audit log or any log line.
public struct AttributeStore: Sendable {
    public let database: SegmentDatabase
    public init(database: SegmentDatabase) { self.database = database }

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
        var report: AttributeIngestReport?
        try database.writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                var log = ViolationLog()
                let known = try db.cachedStatement(sql: "SELECT 1 FROM observation WHERE customer_id = ? LIMIT 1")
                var reported = Set<String>()
                for row in rows where !reported.contains(row.customerID) {
                    reported.insert(row.customerID)
                    if try Int.fetchOne(known, arguments: [row.customerID]) == nil {
                        log.record(ContractViolation(file: file, line: row.line, column: "customer_id",
                                                     reason: "unknown customer \(row.customerID): no observation is stored for it; ingest its observations first"))
                    }
                }
                guard log.isEmpty else { throw IngestRejected(file: file, violations: log) }
                let previous = try String.fetchOne(db, sql: "SELECT digest FROM attribute_batch ORDER BY id DESC LIMIT 1")
                    ?? AuditLog.genesisHash
                let digest = SHA256.hash(data: Data((previous + fileSHA256).utf8)).map { String(format: "%02x", $0) }.joined()
                try db.execute(sql: """
                    INSERT INTO attribute_batch (file, file_sha256, ingested_at, actor, rows, customers, digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [file, fileSHA256, Timestamp.format(date), actor, rows.count, customers.count, digest])
                let batchID = Int(db.lastInsertedRowID)
                let counts = try store(db, order.map { memberships[$0]! }, batchID: batchID, progress: progress)
                let result = AttributeIngestReport(
                    file: file, fileSHA256: fileSHA256, rows: rows.count, customers: customers.count,
                    attributes: perAttribute, inserted: counts.inserted, replaced: counts.replaced,
                    unchanged: counts.unchanged, batchID: counts.inserted + counts.replaced > 0 ? batchID : nil,
                    digest: counts.inserted + counts.replaced > 0 ? digest : previous)
                report = result
                guard result.batchID != nil else { return .rollback }
                try AuditLog.append(db, AuditLog.Record(actor: actor, action: "attributes_ingest", outcome: "ok",
                                                        evidence: try JSONValue(encoding: result)), at: date)
                return .commit
            }
        }
        return report!
    }

    /// Replaces each (customer, attribute) membership that differs from the stored one.
    func store(_ db: Database, _ groups: [[AttributeRow]], batchID: Int, progress: ((Int) -> Void)?) throws
        -> (inserted: Int, replaced: Int, unchanged: Int) {
        do {
            let existing = try db.cachedStatement(sql: """
                SELECT value, probability, source, vintage FROM protected_attribute JOIN attribute_source ON attribute_source.id = source_id
                WHERE customer_id = ? AND attribute = ? ORDER BY value
                """)
            let delete = try db.cachedStatement(sql: "DELETE FROM protected_attribute WHERE customer_id = ? AND attribute = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO protected_attribute (customer_id, attribute, value, probability, source_id, batch_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            var sources = AttributeSources()
            var inserted = 0, replaced = 0, unchanged = 0
            for (n, group) in groups.enumerated() {
                if n % 50_000 == 0 { progress?(n) }
                let first = group[0]
                let stored = try Row.fetchAll(existing, arguments: [first.customerID, first.attribute])
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
                    try delete.execute(arguments: [first.customerID, first.attribute])
                }
                for row in incoming {
                    try insert.execute(arguments: [row.customerID, row.attribute, row.value, row.probability,
                                                   sources.id(db, source: row.source, vintage: row.vintage?.description),
                                                   batchID])
                }
            }
            progress?(groups.count)
            return (inserted, replaced, unchanged)
        }
    }
}

import Foundation
import GRDB
import GRDBSQLite
import SegmentModel

/// Observations in SQLite: all-or-nothing ingest per file, and the window loads training and monitoring read.
public struct ObservationStore: Sendable {
    public let database: SegmentDatabase
    public var schema: SegmentSchema { database.schema }

    public init(database: SegmentDatabase) { self.database = database }

    var featureColumns: String { schema.features.map(Migrations.quoted).joined(separator: ", ") }

    /// Stores a parsed file in one transaction. Any conflict with stored rows (different features for a key, or a
    /// changed label without `relabel`) rejects the whole file and stores nothing. A file that changes nothing
    /// leaves no trace.
    public func ingest(_ batch: ObservationBatch, file: String, fileSHA256: String, duplicateRows: Int = 0,
                       actor: String, relabel: Bool, at date: Date = Date(),
                       progress: ((Int) -> Void)? = nil) throws -> IngestReport {
        let segments = schema.segments
        let d = schema.features.count
        var report: IngestReport?
        try database.writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    INSERT INTO ingest_batch (file, file_sha256, ingested_at, actor, rows, inserted, label_updates,
                                              relabelled, unchanged)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0)
                    """, arguments: [file, fileSHA256, Timestamp.format(date), actor, batch.count])
                let batchID = Int(db.lastInsertedRowID)
                let placeholders = Array(repeating: "?", count: d + 5).joined(separator: ", ")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO observation (as_of, customer_id, \(featureColumns), segment, batch_id, labelled_on)
                    VALUES (\(placeholders)) ON CONFLICT (as_of, customer_id) DO NOTHING
                    """)
                let existing = try db.cachedStatement(sql: """
                    SELECT \(featureColumns), segment, batch_id FROM observation WHERE as_of = ? AND customer_id = ?
                    """)
                let setLabel = try db.cachedStatement(sql: """
                    UPDATE observation SET segment = ?, label_batch_id = ?, labelled_on = ? WHERE as_of = ? AND customer_id = ?
                    """)
                var log = ViolationLog()
                var inserted = 0, labelUpdates = 0, relabelled = 0, unchanged = 0
                let binder = InsertBinder(statement: insert, featureCount: d)
                var dayText = [Day: String]()
                for i in 0..<batch.count {
                    if i % 50_000 == 0 { progress?(i) }
                    let day = batch.days[i]
                    let asOf: String
                    if let cached = dayText[day] { asOf = cached } else { asOf = day.description; dayText[day] = asOf }
                    let label: String? = batch.labels[i] < 0 ? nil : segments[Int(batch.labels[i])]
                    let labelledOn = label == nil ? nil : batch.labelledOn(i)?.description
                    let base = i * d
                    let changed = try batch.features.withUnsafeBufferPointer { features in
                        try binder.insert(db, asOf: asOf, customerID: batch.customerIDs[i],
                                          features: UnsafeBufferPointer(rebasing: features[base..<(base + d)]),
                                          segment: label, batchID: batchID, labelledOn: labelledOn)
                    }
                    if changed {
                        inserted += 1
                        continue
                    }
                    guard let row = try Row.fetchOne(existing, arguments: [asOf, batch.customerIDs[i]]) else { continue }
                    let storedFeatures = (0..<d).map { row[$0] as Double }
                    let storedLabel: String? = row[d]
                    let where_ = "key (\(batch.customerIDs[i]), \(asOf))"
                    if !storedFeatures.elementsEqual(batch.row(i)) {
                        let storedBatch: Int = row[d + 1]
                        let source = storedBatch == batchID ? "from an earlier row of this file" : "from ingest batch \(storedBatch)"
                        let j = (0..<d).first { storedFeatures[$0] != batch.features[base + $0] }!
                        log.record(ContractViolation(
                            file: file, line: batch.lines[i], column: schema.features[j],
                            reason: "\(where_) is already stored with different features (\(schema.features[j]) = \(ObservationCSVWriter.format(storedFeatures[j])), \(source)); observations are immutable"))
                        continue
                    }
                    switch (storedLabel, label) {
                    case (_, nil):
                        unchanged += 1
                    case (nil, let new?):
                        try setLabel.execute(arguments: [new, batchID, labelledOn, asOf, batch.customerIDs[i]])
                        labelUpdates += 1
                    case (let old?, let new?) where old == new:
                        unchanged += 1
                    case (let old?, let new?):
                        if relabel {
                            try setLabel.execute(arguments: [new, batchID, labelledOn, asOf, batch.customerIDs[i]])
                            relabelled += 1
                        } else {
                            log.record(ContractViolation(
                                file: file, line: batch.lines[i], column: "segment",
                                reason: "\(where_) is already labelled '\(old)'; this file says '\(new)' (pass --relabel to change stored labels)"))
                        }
                    }
                }
                progress?(batch.count)
                guard log.isEmpty else { throw IngestRejected(file: file, violations: log) }
                let first = batch.days.min(), last = batch.days.max()
                let result = IngestReport(file: file, fileSHA256: fileSHA256, rows: batch.count, inserted: inserted,
                                          labelUpdates: labelUpdates, relabelled: relabelled, unchanged: unchanged,
                                          duplicateRows: duplicateRows,
                                          batchID: inserted + labelUpdates + relabelled > 0 ? batchID : nil,
                                          firstDay: first, lastDay: last)
                report = result
                guard result.changedAnything else { return .rollback }
                try db.execute(sql: """
                    UPDATE ingest_batch SET inserted = ?, label_updates = ?, relabelled = ?, unchanged = ?,
                                            min_as_of = ?, max_as_of = ? WHERE id = ?
                    """, arguments: [inserted, labelUpdates, relabelled, unchanged, first?.description,
                                     last?.description, batchID])
                try AuditLog.append(db, AuditLog.Record(
                    actor: actor, action: "ingest", outcome: "ok",
                    reason: relabelled > 0 ? "relabel requested (--relabel)" : nil,
                    evidence: try JSONValue(encoding: result)), at: date)
                return .commit
            }
        }
        return report!
    }
}

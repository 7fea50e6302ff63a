import Foundation
import GRDB
import SegmentModel

/// Observations: all-or-nothing ingest per file, and the window loads training and monitoring read.
public struct ObservationStore: Sendable {
    public let backend: any StoreBackend
    public var schema: SegmentSchema { backend.schema }

    public init(database: any StoreBackend) { self.backend = database }

    var featureColumns: String { schema.features.map(Migrations.quoted).joined(separator: ", ") }

    /// Stores a parsed file in one transaction. Any conflict with stored rows (different features for a key, or a
    /// changed label without `relabel`) rejects the whole file and stores nothing. A file that changes nothing
    /// leaves no trace. SQLite stores row by row through a prepared statement; an engine with COPY stages the file
    /// and stores it set by set.
    public func ingest(_ batch: ObservationBatch, file: String, fileSHA256: String, duplicateRows: Int = 0,
                       actor: String, relabel: Bool, at date: Date = Date(),
                       progress: ((Int) -> Void)? = nil) throws -> IngestReport {
        try backend.write(rollingBackUnless: { db in
            let batchID = try db.value("""
                INSERT INTO ingest_batch (file, file_sha256, ingested_at, actor, rows, inserted, label_updates,
                                          relabelled, unchanged)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0) RETURNING id
                """, [file, fileSHA256, Timestamp.format(date), actor, batch.count]) ?? 0
            var tally = IngestTally(batch: batch, schema: schema, file: file, batchID: batchID, relabel: relabel)
            if let bulk = db as? any SQLBulkCopier {
                try ObservationCopy(store: self, db: bulk).ingest(&tally, progress: progress)
            } else if let sqlite = db as? Database {
                try ingestRows(sqlite, &tally, progress: progress)
            } else {
                throw StoreError.invalid("this store engine cannot ingest observations")
            }
            progress?(batch.count)
            guard tally.log.isEmpty else { throw IngestRejected(file: file, violations: tally.log) }
            let result = tally.report(fileSHA256: fileSHA256, duplicateRows: duplicateRows)
            guard result.changedAnything else { return (result, false) }
            try db.run("""
                UPDATE ingest_batch SET inserted = ?, label_updates = ?, relabelled = ?, unchanged = ?,
                                        min_as_of = ?, max_as_of = ? WHERE id = ?
                """, [tally.inserted, tally.labelUpdates, tally.relabelled, tally.unchanged,
                      result.firstDay?.description, result.lastDay?.description, batchID])
            try AuditLog.append(db, AuditLog.Record(
                actor: actor, action: "ingest", outcome: "ok",
                reason: tally.relabelled > 0 ? "relabel requested (--relabel)" : nil,
                evidence: try JSONValue(encoding: result)), at: date)
            return (result, true)
        })
    }

    /// SQLite: each row inserted through one prepared statement; a key already stored is compared with it.
    private func ingestRows(_ db: Database, _ tally: inout IngestTally, progress: ((Int) -> Void)?) throws {
        let batch = tally.batch, segments = schema.segments, d = schema.features.count
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
                                  segment: label, batchID: tally.batchID, labelledOn: labelledOn)
            }
            if changed {
                tally.inserted += 1
                continue
            }
            guard let row = try Row.fetchOne(existing, arguments: [asOf, batch.customerIDs[i]]) else { continue }
            let stored = IngestTally.Stored(features: (0..<d).map { row[$0] as Double }, label: row[d], batchID: row[d + 1])
            if let new = tally.compare(i, asOf: asOf, with: stored) {
                try setLabel.execute(arguments: [new, tally.batchID, labelledOn, asOf, batch.customerIDs[i]])
            }
        }
    }
}

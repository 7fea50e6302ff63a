import Foundation
import SegmentModel

/// Ingest by sets, for an engine with COPY: the file's first row of each key is copied into a staging table, rows
/// whose key is already stored are read back in one join and compared, the new ones are inserted in one statement,
/// and label changes are applied in one update. Later rows of a key repeated in the file are compared with the
/// first, as the row-by-row path meets them.
struct ObservationCopy {
    let store: ObservationStore
    let db: any SQLBulkCopier

    func ingest(_ tally: inout IngestTally, progress: ((Int) -> Void)?) throws {
        let batch = tally.batch, schema = store.schema, d = schema.features.count
        let segments = schema.segments, features = store.featureColumns
        var dayText = [Day: String]()
        func asOf(_ i: Int) -> String {
            if let cached = dayText[batch.days[i]] { return cached }
            let text = batch.days[i].description
            dayText[batch.days[i]] = text
            return text
        }
        func label(_ i: Int) -> String? { batch.labels[i] < 0 ? nil : segments[Int(batch.labels[i])] }
        // The first row of each key, and the later ones.
        var first = [String: Int](minimumCapacity: batch.count)
        var firsts = [Int](), repeats = [Int]()
        firsts.reserveCapacity(batch.count)
        for i in 0..<batch.count {
            let key = asOf(i) + "\u{0}" + batch.customerIDs[i]
            if first[key] == nil { first[key] = i; firsts.append(i) } else { repeats.append(i) }
        }
        try db.run("""
            CREATE TEMP TABLE ingest_stage (idx BIGINT NOT NULL, as_of TEXT COLLATE "C" NOT NULL,
                customer_id TEXT COLLATE "C" NOT NULL, \(schema.features.map { Migrations.quoted($0) + " DOUBLE PRECISION NOT NULL" }.joined(separator: ", ")),
                segment TEXT, labelled_on TEXT) ON COMMIT DROP
            """)
        try db.copy(into: "ingest_stage",
                    columns: ["idx", "as_of", "customer_id"] + schema.features + ["segment", "labelled_on"],
                    rowCount: firsts.count) { n, row in
            let i = firsts[n]
            row.int(i)
            row.text(asOf(i))
            row.text(batch.customerIDs[i])
            for j in 0..<d { row.double(batch.features[i * d + j]) }
            let l = label(i)
            row.text(l)
            row.text(l == nil ? nil : batch.labelledOn(i)?.description)
            row.endRow()
            if n % 50_000 == 0 { progress?(n) }
        }
        // Keys already stored: compare.
        var stored = [Int: IngestTally.Stored]()
        var labels = [Int: (segment: String, labelledOn: String?)]()
        try db.forEachRow("""
            SELECT s.idx, \(schema.features.map { "o." + Migrations.quoted($0) }.joined(separator: ", ")), o.segment, o.batch_id
            FROM ingest_stage s JOIN observation o ON o.as_of = s.as_of AND o.customer_id = s.customer_id
            """, []) { row in
            let i: Int = row[0]
            var s = IngestTally.Stored(features: (0..<d).map { row[1 + $0] ?? 0 }, label: row[d + 1], batchID: row[d + 2])
            if let new = tally.compare(i, asOf: asOf(i), with: s) { labels[i] = (new, batch.labelledOn(i)?.description); s.label = new }
            stored[i] = s
        }
        tally.inserted = try db.run("""
            INSERT INTO observation (as_of, customer_id, \(features), segment, batch_id, labelled_on)
            SELECT as_of, customer_id, \(features), segment, ?, labelled_on FROM ingest_stage s
            WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE o.as_of = s.as_of AND o.customer_id = s.customer_id)
            """, [tally.batchID])
        // Later rows of a key meet its first (as stored or as just inserted).
        for r in repeats {
            let f = first[asOf(r) + "\u{0}" + batch.customerIDs[r]]!
            var s = stored[f] ?? IngestTally.Stored(features: Array(batch.row(f)), label: label(f), batchID: tally.batchID)
            if let new = tally.compare(r, asOf: asOf(r), with: s) { labels[f] = (new, batch.labelledOn(r)?.description); s.label = new }
            stored[f] = s
        }
        guard !labels.isEmpty, tally.log.isEmpty else { return }
        try db.run("""
            CREATE TEMP TABLE ingest_label (as_of TEXT COLLATE "C" NOT NULL, customer_id TEXT COLLATE "C" NOT NULL,
                segment TEXT NOT NULL, labelled_on TEXT) ON COMMIT DROP
            """)
        let changed = labels.sorted { $0.key < $1.key }
        try db.copy(into: "ingest_label", columns: ["as_of", "customer_id", "segment", "labelled_on"],
                    rowCount: changed.count) { n, row in
            let (i, change) = changed[n]
            row.text(asOf(i))
            row.text(batch.customerIDs[i])
            row.text(change.segment)
            row.text(change.labelledOn)
            row.endRow()
        }
        try db.run("""
            UPDATE observation o SET segment = l.segment, label_batch_id = ?, labelled_on = l.labelled_on
            FROM ingest_label l WHERE o.as_of = l.as_of AND o.customer_id = l.customer_id
            """, [tally.batchID])
    }
}

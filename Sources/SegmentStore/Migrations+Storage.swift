import Foundation
import GRDB
import SegmentModel

/// v10: the segment book grows with change. Probabilities are stored as doubles in schema order (a third of the JSON
/// text they were), and each customer's newest stored score is kept apart, so the nightly book stores a score only
/// when it moved and retention never prunes a customer's current score.
extension Migrations {
    static func scoreChanges(_ db: Database, schema: SegmentSchema) throws {
        try db.execute(sql: """
            CREATE TABLE segment_book_v10 (
                customer_id TEXT NOT NULL,
                as_of TEXT NOT NULL,
                version INTEGER NOT NULL REFERENCES model_version(version),
                scored_at TEXT NOT NULL,
                segment TEXT NOT NULL,
                margin REAL NOT NULL,
                probabilities BLOB NOT NULL,
                suspect INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (customer_id, as_of, version)
            ) WITHOUT ROWID;
            CREATE TABLE segment_book_latest (
                customer_id TEXT PRIMARY KEY,
                as_of TEXT NOT NULL,
                version INTEGER NOT NULL,
                scored_at TEXT NOT NULL,
                segment TEXT NOT NULL,
                probabilities BLOB NOT NULL
            ) WITHOUT ROWID;
            """)
        // Every stored score, in key order, rewritten; the last of each customer is its newest.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT customer_id, as_of, version, scored_at, segment, margin, probabilities, suspect FROM segment_book
            ORDER BY customer_id, as_of, scored_at, version
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO segment_book_v10 (customer_id, as_of, version, scored_at, segment, margin, probabilities, suspect)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let latest = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO segment_book_latest (customer_id, as_of, version, scored_at, segment, probabilities)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        while let row = try rows.next() {
            let text: String = row[6]
            let parsed = (try? JSONValue(parsing: text))?.objectValue ?? [:]
            let blob = DoubleBlob.encode(schema.segments.map { parsed[$0]?.doubleValue ?? 0 })
            try insert.execute(arguments: [row[0], row[1], row[2], row[3], row[4], row[5], blob, row[7]])
            try latest.execute(arguments: [row[0], row[1], row[2], row[3], row[4], blob])
        }
        try db.execute(sql: "DROP TABLE segment_book; ALTER TABLE segment_book_v10 RENAME TO segment_book;")
    }
}

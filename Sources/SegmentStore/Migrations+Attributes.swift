import GRDB

/// v9: protected attributes for the fair-lending audit.
extension Migrations {
    /// Protected attributes, apart from the observations (never features), and the files they came from.
    static func protectedAttributes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE attribute_batch (
                id INTEGER PRIMARY KEY,
                file TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                ingested_at TEXT NOT NULL,
                actor TEXT NOT NULL,
                rows INTEGER NOT NULL,
                customers INTEGER NOT NULL,
                digest TEXT NOT NULL
            );
            -- Each distinct (source, vintage) once: rows carry its id, so a scan of millions reads no repeated text.
            CREATE TABLE attribute_source (
                id INTEGER PRIMARY KEY,
                source TEXT,
                vintage TEXT,
                UNIQUE (source, vintage)
            );
            CREATE TABLE protected_attribute (
                customer_id TEXT NOT NULL,
                attribute TEXT NOT NULL,
                value TEXT NOT NULL,
                probability REAL CHECK (probability IS NULL OR probability BETWEEN 0 AND 1),
                source_id INTEGER NOT NULL REFERENCES attribute_source(id),
                batch_id INTEGER NOT NULL REFERENCES attribute_batch(id),
                PRIMARY KEY (customer_id, attribute, value)
            ) WITHOUT ROWID;
            """)
    }
}

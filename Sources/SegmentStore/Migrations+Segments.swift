import GRDB

/// v8: confirmed segments and the change feed.
extension Migrations {
    /// Confirmed segments per customer, the change feed and its outbox, the treatment log.
    static func segments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE customer_segment (
                customer_id TEXT PRIMARY KEY,
                segment TEXT,
                since TEXT,
                observations INTEGER NOT NULL,
                evidence BLOB NOT NULL,
                flag TEXT,
                flag_since TEXT,
                last_as_of TEXT NOT NULL,
                version INTEGER,
                sequence INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX customer_segment_flag ON customer_segment(flag) WHERE flag IS NOT NULL;
            CREATE TABLE segment_event (
                id INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL UNIQUE,
                customer_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                type TEXT NOT NULL,
                as_of TEXT NOT NULL,
                time TEXT NOT NULL,
                from_segment TEXT,
                to_segment TEXT,
                model_version INTEGER,
                reason TEXT,
                data TEXT NOT NULL,
                UNIQUE (customer_id, sequence)
            );
            CREATE INDEX segment_event_customer ON segment_event(customer_id, id);
            CREATE INDEX segment_event_as_of ON segment_event(as_of, type);
            CREATE TABLE feed_outbox (
                id INTEGER PRIMARY KEY,
                destination TEXT NOT NULL,
                first_event INTEGER NOT NULL,
                last_event INTEGER NOT NULL,
                events INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                first_attempt_at TEXT,
                last_attempt_at TEXT,
                last_status INTEGER,
                last_error TEXT,
                delivered_at TEXT
            );
            CREATE INDEX feed_outbox_pending ON feed_outbox(destination, state, id);
            CREATE TABLE treatment_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                policy TEXT NOT NULL,
                in_zone INTEGER NOT NULL,
                shown TEXT NOT NULL,
                weights TEXT NOT NULL,
                propensity REAL NOT NULL,
                model_version INTEGER
            );
            ALTER TABLE segment_book ADD COLUMN suspect INTEGER NOT NULL DEFAULT 0;
            """)
    }
}

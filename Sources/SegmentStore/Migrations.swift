import GRDB
import SegmentModel

/// The named, versioned schema migrations. Applied in order by `SegmentDatabase`; never edited once released —
/// a change is a new migration.
///
/// Tables an auditor can query with `sqlite3` are documented in the README (section "Auditor").
enum Migrations {
    static func migrator(schema: SegmentSchema) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-observations") { db in try observations(db, schema: schema) }
        migrator.registerMigration("v2-registry") { db in try registry(db) }
        migrator.registerMigration("v3-monitoring") { db in try monitoring(db) }
        migrator.registerMigration("v4-alerting") { db in try alerting(db) }
        migrator.registerMigration("v5-supervisor") { db in try supervisor(db) }
        migrator.registerMigration("v6-delivery-first-attempt") { db in
            // The give-up clock starts at a delivery's first attempt (its creation time may be simulated: replay).
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN first_attempt_at TEXT")
        }
        migrator.registerMigration("v7-labelled-on") { db in
            // The day a label became known (NULL: on as_of). Decisions for day T count only labels known by T.
            try db.execute(sql: "ALTER TABLE observation ADD COLUMN labelled_on TEXT")
        }
        migrator.registerMigration("v8-confirmed-segments") { db in try segments(db) }
        migrator.registerMigration("v9-protected-attributes") { db in try protectedAttributes(db) }
        migrator.registerMigration("v10-score-changes") { db in try scoreChanges(db, schema: schema) }
        migrator.registerMigration("v11-leadership") { db in try db.execute(sql: leadership) }
        return migrator
    }

    /// Observations with one REAL column per configured feature, so `sqlite3` shows them plainly.
    static func observations(_ db: Database, schema: SegmentSchema) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE ingest_batch (
                id INTEGER PRIMARY KEY,
                file TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                ingested_at TEXT NOT NULL,
                actor TEXT NOT NULL,
                rows INTEGER NOT NULL,
                inserted INTEGER NOT NULL,
                label_updates INTEGER NOT NULL,
                relabelled INTEGER NOT NULL,
                unchanged INTEGER NOT NULL,
                min_as_of TEXT,
                max_as_of TEXT
            );
            """)
        let featureColumns = schema.features.map { "\(quoted($0)) REAL NOT NULL" }.joined(separator: ",\n    ")
        try db.execute(sql: """
            CREATE TABLE observation (
                as_of TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                \(featureColumns),
                segment TEXT,
                batch_id INTEGER NOT NULL REFERENCES ingest_batch(id),
                label_batch_id INTEGER REFERENCES ingest_batch(id),
                PRIMARY KEY (as_of, customer_id)
            ) WITHOUT ROWID;
            CREATE INDEX observation_customer ON observation(customer_id, as_of);
            """)
        let encoder = JSONEncoderFactory.sorted()
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('schema', ?)",
                       arguments: [String(decoding: try encoder.encode(schema), as: UTF8.self)])
    }

    static func registry(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE model_version (
                version INTEGER PRIMARY KEY,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                as_of TEXT NOT NULL,
                stage TEXT NOT NULL CHECK (stage IN ('candidate', 'production', 'archived', 'rejected', 'rolled_back')),
                artifact BLOB NOT NULL,
                artifact_sha256 TEXT NOT NULL,
                window_from TEXT NOT NULL,
                window_to TEXT NOT NULL,
                holdout_from TEXT NOT NULL,
                holdout_to TEXT NOT NULL,
                train_rows INTEGER NOT NULL,
                holdout_rows INTEGER NOT NULL,
                data_fingerprint TEXT NOT NULL,
                accuracy REAL NOT NULL,
                log_loss REAL NOT NULL,
                harm_rate REAL NOT NULL,
                config_snapshot TEXT NOT NULL,
                code_version TEXT NOT NULL
            );
            CREATE UNIQUE INDEX model_version_one_production ON model_version(stage) WHERE stage = 'production';
            CREATE TRIGGER model_version_immutable
                BEFORE UPDATE OF version, created_at, created_by, as_of, artifact, artifact_sha256, window_from,
                    window_to, holdout_from, holdout_to, train_rows, holdout_rows, data_fingerprint, accuracy,
                    log_loss, harm_rate, config_snapshot, code_version ON model_version
                BEGIN SELECT RAISE(ABORT, 'model versions are immutable: only the stage may change'); END;
            CREATE TRIGGER model_version_no_delete BEFORE DELETE ON model_version
                BEGIN SELECT RAISE(ABORT, 'model versions are never deleted'); END;

            CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                version INTEGER,
                other_version INTEGER,
                outcome TEXT NOT NULL,
                reason TEXT,
                before TEXT,
                after TEXT,
                evidence TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX audit_log_version ON audit_log(version);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

            CREATE TABLE production_interval (
                id INTEGER PRIMARY KEY,
                version INTEGER NOT NULL REFERENCES model_version(version),
                started_at TEXT NOT NULL,
                started_seq INTEGER NOT NULL REFERENCES audit_log(seq),
                ended_at TEXT,
                ended_seq INTEGER REFERENCES audit_log(seq)
            );
            CREATE UNIQUE INDEX production_interval_one_open ON production_interval(ended_at IS NULL)
                WHERE ended_at IS NULL;

            CREATE TABLE approval (
                version INTEGER NOT NULL REFERENCES model_version(version),
                actor TEXT NOT NULL,
                approved_at TEXT NOT NULL,
                audit_seq INTEGER NOT NULL REFERENCES audit_log(seq),
                PRIMARY KEY (version, actor)
            );
            """)
    }

    static func monitoring(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE monitor_run (
                id INTEGER PRIMARY KEY,
                ran_at TEXT NOT NULL,
                as_of TEXT NOT NULL,
                version INTEGER REFERENCES model_version(version),
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                figures TEXT NOT NULL
            );
            CREATE INDEX monitor_run_kind ON monitor_run(kind, as_of, id);
            CREATE TABLE event (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                as_of TEXT,
                type TEXT NOT NULL,
                version INTEGER,
                job_id INTEGER,
                detail TEXT NOT NULL
            );
            CREATE INDEX event_type ON event(type, id);
            """)
    }

    static func alerting(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE alert_state (
                fingerprint TEXT PRIMARY KEY,
                rule TEXT NOT NULL,
                labels TEXT NOT NULL,
                severity TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
                pending_count INTEGER NOT NULL,
                active_since TEXT,
                firing_since TEXT,
                last_active_at TEXT,
                last_evaluated_at TEXT NOT NULL,
                notified INTEGER NOT NULL,
                last_notified_at TEXT,
                resolved_at TEXT,
                flapping INTEGER NOT NULL,
                changes TEXT NOT NULL,
                figures TEXT NOT NULL,
                summary TEXT NOT NULL,
                description TEXT NOT NULL
            );
            CREATE TABLE alert_transition (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                rule TEXT NOT NULL,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                figures TEXT NOT NULL,
                note TEXT
            );
            CREATE INDEX alert_transition_rule ON alert_transition(rule, id);
            CREATE TABLE notification (
                id TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                rule TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
                payload TEXT NOT NULL
            );
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                notification_id TEXT NOT NULL REFERENCES notification(id),
                receiver TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
                attempts INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                last_attempt_at TEXT,
                last_status INTEGER,
                last_error TEXT,
                delivered_at TEXT,
                UNIQUE (notification_id, receiver)
            );
            CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
            CREATE TABLE dead_letter (
                outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
                notification_id TEXT NOT NULL,
                receiver TEXT NOT NULL,
                died_at TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_status INTEGER,
                last_error TEXT,
                reason TEXT NOT NULL
            );
            """)
    }

    static func supervisor(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE job_run (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                scheduled_for TEXT,
                as_of TEXT,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
                pid INTEGER,
                host TEXT,
                detail TEXT NOT NULL
            );
            CREATE INDEX job_run_kind ON job_run(kind, id);
            CREATE TABLE segment_book (
                customer_id TEXT NOT NULL,
                as_of TEXT NOT NULL,
                version INTEGER NOT NULL REFERENCES model_version(version),
                scored_at TEXT NOT NULL,
                segment TEXT NOT NULL,
                margin REAL NOT NULL,
                probabilities TEXT NOT NULL,
                PRIMARY KEY (customer_id, as_of, version)
            ) WITHOUT ROWID;
            """)
    }

    /// The leader among supervisors sharing the database and its epoch (on SQLite, the one supervisor).
    static let leadership = """
        CREATE TABLE leadership (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch INTEGER NOT NULL,
            holder TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            acquired_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL
        );
        """

    static func quoted(_ identifier: String) -> String { SQLDialect.quoted(identifier) }
}

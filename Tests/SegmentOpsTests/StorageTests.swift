import Foundation
import GRDB
import SegmentConfig
import SegmentModel
import SegmentStore
import Supervisor
import Testing

@Suite("Storage grows with change: the segment book stores what moved, retention prunes what is old, upgrades keep everything")
struct StorageTests {
    /// `customers` customers observed weekly for `days` days, v1 trained on day 70 and in production.
    private func world(customers: Int = 1500, days: Int = 80) throws -> (TestWorkspace, SegmentDatabase, SegmentOpsConfig) {
        let config = TestWorkspace.defaultConfig()
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        try Fixtures.ingest(Fixtures.simulate(.stable, customers: customers, days: days).batch, into: database)
        let v1 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 70)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v1.version, expect: .none, actor: "rm", reason: "first"), requireApproval: false, at: Date())
        return (workspace, database, config)
    }

    /// Every customer's newest entry, read from the book itself.
    private func newestPerCustomer(_ database: SegmentDatabase) throws -> [String: SegmentBook.Latest] {
        let ids = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM segment_book") }
        var out = [String: SegmentBook.Latest]()
        for id in ids {
            guard let e = try SegmentBook(database: database).trajectory(customerID: id, limit: 1).first else { continue }
            out[id] = SegmentBook.Latest(segment: e.segment, probabilities: database.schema.segments.map { e.probabilities[$0] ?? 0 })
        }
        return out
    }

    @Test("a score is stored only when its segment changed or a probability moved more than the tolerance")
    func changeOnly() throws {
        let (workspace, database, config) = try world()
        defer { withExtendedLifetime(workspace) {} }
        let day = Fixtures.start + 79
        let first = try BookKeeper(database: database).update(asOf: day, at: Date())
        #expect(first.written == first.customers && first.customers > 1000)
        // The same version on the same observations: nothing moved, nothing stored.
        #expect(try BookKeeper(database: database).update(asOf: day, at: Date()).written == 0)
        // A new version trained nine days later scores most customers within 0.02: few rows.
        let v2 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 79)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v2.version, expect: .version(1), actor: "rm", reason: "r"), requireApproval: false, at: Date())
        let before = try SegmentBook(database: database).latest()
        let moved = try BookKeeper(database: database, tolerance: 0.02).update(asOf: day, at: Date()).written
        #expect(moved < first.customers / 2, "\(moved) of \(first.customers) stored again")
        // Whatever was stored moved: another segment or a probability more than 0.02 away.
        let after = try SegmentBook(database: database).latest()
        let changed = after.filter { before[$0.key] != $0.value }
        #expect(changed.count == moved)
        for (id, now) in changed {
            let was = try #require(before[id])
            #expect(now.segment != was.segment || zip(now.probabilities, was.probabilities).contains { abs($0 - $1) > 0.02 })
        }
        // With tolerance 0 every remaining score differs at all and is stored.
        #expect(try BookKeeper(database: database, tolerance: 0).update(asOf: day, at: Date()).written == first.customers - moved)
        // The newest-score table is the book's newest row of every customer.
        #expect(try SegmentBook(database: database).latest() == newestPerCustomer(database))
    }

    @Test("retention prunes old scores and observations with an audit entry; newest scores, verify, registry at, training stay")
    func retention() throws {
        let (workspace, database, config) = try world(customers: 600, days: 160)
        defer { withExtendedLifetime(workspace) {} }
        for week in stride(from: 70, through: 159, by: 7) {
            _ = try BookKeeper(database: database, tolerance: 0).update(asOf: Fixtures.start + week, at: Date())
        }
        let asOf = Fixtures.start + 159
        var storage = StorageConfig()
        storage.scoreRetentionDays = 30
        storage.observationRetentionDays = 90
        let retention = Retention(database: database, config: storage)
        let plan = try retention.plan(asOf: asOf)
        #expect(plan.scores > 0 && plan.observations > 0)
        let newest = try SegmentBook(database: database).latest()
        let pruned = try retention.prune(asOf: asOf, actor: "test", at: Date())
        #expect(pruned == plan)
        let (oldScores, oldObservations, entry) = try database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) " + Retention.prunableScoresSQL, arguments: [plan.scoresBefore.description]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observation WHERE as_of < ?", arguments: [plan.observationsBefore.description]) ?? 0,
             try AuditLog.entries(db, limit: 1).last)
        }
        // Before the cutoffs nothing is left but customers' newest scores.
        #expect(oldObservations == 0 && oldScores == 0)
        #expect(try SegmentBook(database: database).latest() == newest)
        for id in newest.keys.prefix(50) { #expect(!(try SegmentBook(database: database).trajectory(customerID: id)).isEmpty) }
        #expect(entry?.action == "prune" && entry?.evidence["scores"]?.doubleValue == Double(plan.scores))
        #expect(try RegistryVerifier(database: database).verify().ok)
        #expect(try ModelRegistry(database: database).production(at: Date())?.version == 1)
        // Pruning again finds nothing and writes nothing; training on the window still works.
        let seq = try ModelRegistry(database: database).history().last?.seq
        #expect(try retention.prune(asOf: asOf, actor: "test", at: Date()).scores == 0)
        #expect(try ModelRegistry(database: database).history().last?.seq == seq)
        #expect(try Fixtures.train(database, config: config, asOf: asOf).version == 2)
        // `db stats` shows every table's rows (and bytes with SQLite's dbstat) and what retention would free now.
        let stats = try CLI.run(["db", "stats", "--db", workspace.databasePath, "--json"], cwd: workspace.path)
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try JSONValue(parsing: stats.stdout)
        let book = json["tables"]?.arrayValue?.first { $0["name"]?.stringValue == "segment_book" }
        #expect((book?["rows"]?.doubleValue ?? 0) > 0 && json["retention"]?["scores"]?.doubleValue == 0)
        #expect(json["file_bytes"]?.doubleValue ?? 0 > 0)
        let dryRun = try CLI.run(["db", "prune", "--dry-run", "--db", workspace.databasePath], cwd: workspace.path)
        #expect(dryRun.status == 0 && dryRun.stdout.contains("would prune 0 raw scores"))
    }

    @Test("a database from the previous release upgrades in place: every score kept exactly, every customer's newest found")
    func upgrade() throws {
        let (workspace, database, _) = try world()
        defer { withExtendedLifetime(workspace) {} }
        for day in [72, 79] { _ = try BookKeeper(database: database, tolerance: 0).update(asOf: Fixtures.start + day, at: Date()) }
        let book = SegmentBook(database: database)
        let ids = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM segment_book") }
        let before = try ids.map { try book.trajectory(customerID: $0, limit: 100) }
        // The book as the previous release kept it: probabilities as JSON text, no newest-score table.
        try database.writer.write { db in
            try db.execute(sql: """
                DROP TABLE segment_book_latest; DROP TABLE segment_book;
                CREATE TABLE segment_book (
                    customer_id TEXT NOT NULL, as_of TEXT NOT NULL, version INTEGER NOT NULL REFERENCES model_version(version),
                    scored_at TEXT NOT NULL, segment TEXT NOT NULL, margin REAL NOT NULL, probabilities TEXT NOT NULL,
                    suspect INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (customer_id, as_of, version)) WITHOUT ROWID;
                DELETE FROM grdb_migrations WHERE identifier = 'v10-score-changes';
                DROP TABLE leadership; DELETE FROM grdb_migrations WHERE identifier = 'v11-leadership';
                """)
            for e in before.joined() {
                let json = e.probabilities.keys.sorted().map { "\"\($0)\":\(e.probabilities[$0]!)" }.joined(separator: ",")
                try db.execute(sql: "INSERT INTO segment_book VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                               arguments: [e.customerID, e.asOf.description, e.version, e.scoredAt, e.segment, e.margin, "{\(json)}"])
            }
        }
        let upgraded = try SegmentDatabase.open(path: workspace.databasePath, schema: database.schema)
        let after = try ids.map { try SegmentBook(database: upgraded).trajectory(customerID: $0, limit: 100) }
        #expect(after == before)
        let latest = try SegmentBook(database: upgraded).latest()
        #expect(latest.count == ids.count && latest.count > 1000)
        for (id, trajectory) in zip(ids, after) {
            #expect(latest[id]?.segment == trajectory.first?.segment)
            #expect(latest[id]?.probabilities == upgraded.schema.segments.map { trajectory.first?.probabilities[$0] ?? -1 })
        }
        #expect(try RegistryVerifier(database: upgraded).verify().ok)
    }

    @Test("storage settings are read strictly")
    func configuration() throws {
        let workspace = try TestWorkspace()
        let good = try workspace.file("good.yaml", "storage:\n  score_tolerance: 0.05\n  score_retention_days: 30\n  observation_retention_days: 120\n")
        let config = try ConfigLoader.load(path: good).config
        #expect(config.storage.scoreTolerance == 0.05 && config.storage.scoreRetentionDays == 30 && config.storage.observationRetentionDays == 120)
        for (name, text, key) in [("short.yaml", "storage:\n  observation_retention_days: 60\n", "observation_retention_days"),
                                  ("unknown.yaml", "storage:\n  keep_forever: true\n", "keep_forever")] {
            let path = try workspace.file(name, text)
            #expect { try ConfigLoader.load(path: path) } throws: { "\($0)".contains(key) }
        }
    }
}

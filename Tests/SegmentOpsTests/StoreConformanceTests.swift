import Foundation
import SegmentModel
import SegmentStore
import Testing

/// One suite, both engines: what the stores promise holds on SQLite and on PostgreSQL alike.
@Suite("Store conformance: SQLite and PostgreSQL")
struct StoreConformanceTests {
    /// Registers `count` versions (the artifact of one real training run, registered again) as `trainer`.
    private func register(_ registry: ModelRegistry, count: Int, asOf: Day = Fixtures.start + 70) throws {
        let artifact = try TrainedArtifact.shared()
        for i in 0..<count {
            let new = try NewModelVersion(artifact: artifact, asOf: asOf + i, actor: "trainer", configSnapshot: "test",
                                          codeVersion: "test")
            _ = try registry.register(new, at: Date())
        }
    }

    private func promote(_ registry: ModelRegistry, _ v: Int, expect: ProductionChange.Expectation = .anything,
                         kind: ProductionChange.Kind = .promote, actor: String = "rm") throws {
        try registry.changeProduction(ProductionChange(kind: kind, target: v, expect: expect, actor: actor, reason: "because"),
                                      requireApproval: false, at: Date())
    }

    @Test("PostgreSQL conformance runs (scripts/test requires it when PostgreSQL could be installed)",
          .enabled(if: PostgresTestServer.available || PostgresTestServer.required,
                   Comment(rawValue: PostgresTestServer.unavailableReason ?? "")))
    func postgresIsHere() throws {
        #expect(StoreKind.available.contains(.postgres), "\(PostgresTestServer.unavailableReason ?? "")")
    }

    @Test("the same migrations, in the same order", arguments: StoreKind.available)
    func sameMigrations(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let sqlite = try TestStore(.sqlite)
        let applied = try store.backend.appliedMigrations()
        #expect(applied == (try sqlite.backend.appliedMigrations()))
        #expect(applied.last == "v11-leadership")
        // Opening again applies nothing and keeps the binding.
        _ = try store.reopen()
        #expect(try store.backend.appliedMigrations() == applied)
    }

    @Test("versions, promotion, rollback and intervals; verify passes", arguments: StoreKind.available)
    func lifecycle(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let registry = ModelRegistry(database: store.backend)
        try register(registry, count: 2)
        #expect(try registry.list().map(\.stage) == [.candidate, .candidate])
        try promote(registry, 1, expect: .none)
        let before = Date()
        usleep(5_000)
        try promote(registry, 2, expect: .version(1))
        #expect(try registry.version(1).stage == .archived)
        #expect(try registry.production()?.version == 2)
        #expect(try registry.productionVersion() == 2)
        #expect(try registry.production(at: before)?.version == 1)
        #expect(try registry.previousProduction() == 1)
        try promote(registry, 1, expect: .version(2), kind: .rollback)
        #expect(try registry.version(2).stage == .rolledBack)
        #expect(try registry.productionIntervals().map(\.version) == [1, 2, 1])
        #expect(throws: RegistryError.notPromotable(version: 2, stage: .rolledBack)) { try promote(registry, 2) }
        #expect(try registry.artifact(1).metrics == (try TrainedArtifact.shared()).metrics)
        let report = try RegistryVerifier(database: store.backend).verify()
        #expect(report.ok, "\(report.problems)")
        #expect(report.entriesChecked == 5)
        #expect(try EventStore(database: store.backend).recent(type: "production_changed").count == 3)
    }

    @Test("compare-and-set: a stale expectation changes nothing but the log", arguments: StoreKind.available)
    func compareAndSet(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let registry = ModelRegistry(database: store.backend)
        try register(registry, count: 2)
        try promote(registry, 1, expect: .none)
        #expect(throws: RegistryError.conflict(expected: nil, actual: 1)) { try promote(registry, 2, expect: .none) }
        #expect(try registry.production()?.version == 1)
        let last = try #require(try registry.history().last)
        #expect(last.action == "promote" && last.outcome == "conflict" && last.version == 2)
        #expect(try registry.history(limit: 1).map(\.seq) == [last.seq])
    }

    @Test("concurrent promotions from separate connections: exactly one wins", arguments: StoreKind.available)
    func concurrentPromotions(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let registry = ModelRegistry(database: store.backend)
        try register(registry, count: 5)
        try promote(registry, 1, expect: .none)
        let contenders = try (2...5).map { v in (v, ModelRegistry(database: try store.reopen())) }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: contenders.count) { i in
            let (v, r) = contenders[i]
            do {
                try promote(r, v, expect: .version(1), actor: "rm\(v)")
                outcomes.add("ok")
            } catch RegistryError.conflict {
                outcomes.add("conflict")
            } catch {
                outcomes.add("error: \(error)")
            }
        }
        #expect(outcomes.sorted == ["conflict", "conflict", "conflict", "ok"])
        #expect(try registry.list().filter { $0.stage == .production }.count == 1)
        #expect(try RegistryVerifier(database: store.backend).verify().ok)
    }

    @Test("the audit log refuses UPDATE and DELETE; versions are immutable; one production", arguments: StoreKind.available)
    func refusals(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let registry = ModelRegistry(database: store.backend)
        try register(registry, count: 2)
        try promote(registry, 1, expect: .none)
        for sql in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "DELETE FROM model_version",
                    "UPDATE model_version SET stage = 'production' WHERE version = 2",
                    "UPDATE model_version SET accuracy = 1 WHERE version = 2"] {
            #expect(throws: (any Error).self, "\(sql)") { try store.backend.write { try $0.run(sql) } }
        }
        let refused = #expect(throws: (any Error).self) { try store.backend.write { try $0.run("DELETE FROM audit_log") } }
        #expect("\(refused.map { "\($0)" } ?? "")".contains("append-only"))
        #expect(try registry.history().count == 3)
    }

    @Test("verify names an edited entry after the triggers are disabled", arguments: StoreKind.available)
    func tamperFound(kind: StoreKind) throws {
        let store = try TestStore(kind)
        let registry = ModelRegistry(database: store.backend)
        try register(registry, count: 2)
        try promote(registry, 2, expect: .none)
        try store.backend.write { db in
            switch kind {
            case .sqlite:
                try db.run("DROP TRIGGER audit_log_no_update")
            case .postgres:
                try db.run("ALTER TABLE audit_log DISABLE TRIGGER USER")
            }
            try db.run("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        }
        let report = try RegistryVerifier(database: store.backend).verify()
        #expect(!report.ok)
        #expect(report.problems.first?.contains("audit entry 2") == true)
    }
}

/// Outcomes gathered from several threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var sorted: [String] { lock.withLock { items.sorted() } }
}

/// One real training run's artifact, trained once per test process and registered again wherever a test needs versions.
enum TrainedArtifact {
    private static let cached: Result<ModelArtifact, any Error> = Result {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 800, days: 72)
        try Fixtures.ingest(batch, into: database)
        let version = try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 70)
        return try ModelRegistry(database: database).artifact(version.version)
    }

    static func shared() throws -> ModelArtifact { try cached.get() }
}

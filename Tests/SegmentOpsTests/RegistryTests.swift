import Foundation
import GRDB
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing
import Training

@Suite("Versioned registry and tamper-evident history")
struct RegistryTests {
    /// A database with two trained versions.
    private func twoVersions() throws -> (TestWorkspace, SegmentDatabase) {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1500, days: 80)
        try Fixtures.ingest(batch, into: database)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 70)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 79)
        return (workspace, database)
    }

    private func promote(_ registry: ModelRegistry, _ v: Int, expect: ProductionChange.Expectation = .anything,
                         kind: ProductionChange.Kind = .promote, actor: String = "rm") throws -> AuditEntry {
        try registry.changeProduction(ProductionChange(kind: kind, target: v, expect: expect, actor: actor, reason: "because"),
                                      requireApproval: false, at: Date())
    }

    @Test("stored timestamps read back as written, the same by the fast path and the general one")
    func timestampsRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let millis = Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = Timestamp.format(date)
            guard text.count == 24 else { continue }  // years outside 0000…9999 take the general path
            let fast = Timestamp.parse(text)
            #expect(fast.map(Timestamp.format) == text, "\(text)")
            // With blanks around it the text takes the general path: both read the same instant.
            #expect(Timestamp.parse(" " + text + " ") == fast, "\(text)")
        }
        for bad in ["2026-02-30T00:00:00.000Z", "2026-01-01T24:00:00.000Z", "2026-01-01T00:60:00.000Z", "2026-01-01X00:00:00.000Z",
                    "2026-01-01T00:00:00.00aZ"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("versions start as candidates; promote, roll back and the intervals say what served when")
    func lifecycle() throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        let registry = ModelRegistry(database: database)
        #expect(try registry.list().map(\.stage) == [.candidate, .candidate])
        try promote(registry, 1, expect: .none)
        let before = Date()
        usleep(5_000)
        try promote(registry, 2, expect: .version(1))
        #expect(try registry.version(1).stage == .archived)
        #expect(try registry.production()?.version == 2)
        #expect(try registry.production(at: before)?.version == 1)
        #expect(try registry.previousProduction() == 1)
        try promote(registry, 1, expect: .version(2), kind: .rollback)
        #expect(try registry.version(2).stage == .rolledBack)
        #expect(try registry.production()?.version == 1)
        #expect(try registry.productionIntervals().map(\.version) == [1, 2, 1])
        #expect(throws: RegistryError.notPromotable(version: 2, stage: .rolledBack)) { try promote(registry, 2) }
        #expect(try RegistryVerifier(database: database).verify().ok)
    }

    @Test("compare-and-set: a stale expectation changes nothing but the log, which shows the attempt")
    func compareAndSet() throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        let registry = ModelRegistry(database: database)
        try promote(registry, 1, expect: .none)
        #expect(throws: RegistryError.conflict(expected: nil, actual: 1)) { try promote(registry, 2, expect: .none) }
        #expect(try registry.production()?.version == 1)
        let last = try #require(try registry.history().last)
        #expect(last.action == "promote" && last.outcome == "conflict" && last.version == 2)
    }

    @Test("bad input changes nothing", arguments: [0, 1, 2, 3, 4])
    func badInput(_ which: Int) throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        let registry = ModelRegistry(database: database)
        let entries = try registry.history().count
        switch which {
        case 0: #expect(throws: StoreError.unknownVersion(9)) { try promote(registry, 9) }
        case 1: #expect(throws: RegistryError.reasonRequired(action: "promote")) {
            try registry.changeProduction(ProductionChange(kind: .promote, target: 1, expect: .anything, actor: "a", reason: "  "),
                                          requireApproval: false, at: Date())
        }
        case 2: #expect(throws: RegistryError.noProduction) { try promote(registry, 1, kind: .rollback) }
        case 3: #expect(throws: RegistryError.sameActor(actor: "trainer", role: "trainer")) {
            try registry.approve(1, actor: "trainer", reason: nil, at: Date())
        }
        default:
            try registry.reject(1, actor: "rm", reason: "bad", at: Date())
            #expect(throws: RegistryError.notPromotable(version: 1, stage: .rejected)) { try promote(registry, 1) }
        }
        #expect(try registry.history().count == entries + (which == 4 ? 1 : 0))
    }

    @Test("separation of duties: approval by someone other than the trainer and the promoter")
    func approvals() throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        let registry = ModelRegistry(database: database)
        let change = ProductionChange(kind: .promote, target: 1, expect: .none, actor: "alice", reason: "go")
        #expect(throws: RegistryError.approvalRequired(version: 1, approvers: [])) {
            try registry.changeProduction(change, requireApproval: true, at: Date())
        }
        try registry.approve(1, actor: "alice", reason: nil, at: Date())
        #expect(throws: RegistryError.approvalRequired(version: 1, approvers: ["alice"])) {
            try registry.changeProduction(change, requireApproval: true, at: Date())
        }
        try registry.approve(1, actor: "bob", reason: "looks good", at: Date())
        try registry.changeProduction(change, requireApproval: true, at: Date())
        #expect(try registry.production()?.version == 1)
    }

    @Test("the audit log refuses UPDATE and DELETE; at most one production version")
    func triggersAndIndex() throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        try promote(ModelRegistry(database: database), 1, expect: .none)
        #expect(throws: DatabaseError.self) { try database.writer.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try database.writer.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "UPDATE model_version SET stage = 'production' WHERE version = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "UPDATE model_version SET artifact = x'00' WHERE version = 2") }
        }
    }

    @Test("verify catches an edited audit entry, naming it, after an attacker drops the triggers")
    func tamperedAuditEntry() throws {
        let (workspace, database) = try twoVersions()
        try promote(ModelRegistry(database: database), 1, expect: .none)
        #expect(try CLI.run(["registry", "verify", "--db", workspace.databasePath], cwd: workspace.path).status == 0)
        // The attacker: a plain SQLite connection, triggers dropped, history rewritten.
        let attacker = try DatabaseQueue(path: workspace.databasePath)
        try attacker.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'someone-else' WHERE action = 'promote'")
        }
        let seq = try attacker.read { try Int.fetchOne($0, sql: "SELECT seq FROM audit_log WHERE action = 'promote'") }!
        try attacker.close()
        let result = try CLI.run(["registry", "verify", "--db", workspace.databasePath], cwd: workspace.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAILED: audit entry \(seq): content does not match its hash"), "\(result.stdout)")
        // The documented canonical form lets an auditor check the chain without segmentops.
        if let independent = try Self.independentCheck(workspace.databasePath) {
            #expect(independent.status == 1 && independent.stderr.contains("entry \(seq): content does not match its hash"))
        }
    }

    @Test("the independent Python verifier agrees with an honest chain")
    func independentVerifier() throws {
        let (workspace, database) = try twoVersions()
        defer { withExtendedLifetime(workspace) {} }
        try promote(ModelRegistry(database: database), 1, expect: .none)
        guard let result = try Self.independentCheck(workspace.databasePath) else { return }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("audit entries verified independently"))
    }

    /// Runs scripts/verify-audit when python3 is installed.
    static func independentCheck(_ path: String) throws -> CLI.Result? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestPaths.root + "/scripts/verify-audit", path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("a replaced artifact is refused on read and named by verify")
    func tamperedArtifact() throws {
        let (workspace, database) = try twoVersions()
        let attacker = try DatabaseQueue(path: workspace.databasePath)
        try attacker.write { db in
            try db.execute(sql: "DROP TRIGGER model_version_immutable")
            let artifact = try Data.fetchOne(db, sql: "SELECT artifact FROM model_version WHERE version = 2")!
            var text = String(decoding: artifact, as: UTF8.self)
            text = text.replacingOccurrences(of: "\"intercepts\":{\"acquirer\":", with: "\"intercepts\":{\"acquirer\":9")
            // Even with a matching hash column, the registration entry in the chain still holds the old hash.
            try db.execute(sql: "UPDATE model_version SET artifact = ?, artifact_sha256 = ? WHERE version = 2",
                           arguments: [Data(text.utf8), sha256Hex(Data(text.utf8))])
        }
        try attacker.close()
        let report = try RegistryVerifier(database: database).verify()
        #expect(report.problems.first?.contains("artifact of version 2") == true, "\(report.problems)")
        #expect(report.problems.first?.contains("differs from the hash recorded at registration") == true)

        let plain = try DatabaseQueue(path: workspace.databasePath)
        try plain.write { try $0.execute(sql: "UPDATE model_version SET artifact = x'7b7d' WHERE version = 1") }
        try plain.close()
        #expect(throws: StoreError.self) { try ModelRegistry(database: database).artifact(1) }
    }

    @Test("two processes promote different versions at the same moment: exactly one wins")
    func concurrentPromotion() throws {
        let (workspace, database) = try twoVersions()
        try promote(ModelRegistry(database: database), 1, expect: .none)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 75)  // v3
        let db = workspace.databasePath
        let processes = try [2, 3].map { v -> (Process, Pipe) in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TestPaths.executable)
            p.arguments = ["promote", String(v), "--db", db, "--reason", "race \(v)", "--expect-current", "1", "--force",
                           "--actor", "rm\(v)"]
            p.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            return (p, err)
        }
        for (p, _) in processes { try p.run() }
        for (p, _) in processes { p.waitUntilExit() }
        let statuses = processes.map { $0.0.terminationStatus }.sorted()
        #expect(statuses == [0, 5], "exit codes \(statuses)")
        let loser = processes.first { $0.0.terminationStatus == 5 }!
        #expect(String(decoding: loser.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("production changed underneath you"))
        let registry = ModelRegistry(database: database)
        let attempts = try registry.history().filter { $0.action == "promote" && ($0.version == 2 || $0.version == 3) }
        #expect(attempts.map(\.outcome).sorted() == ["conflict", "ok"])
        let productions = try registry.list().filter { $0.stage == .production }
        #expect(productions.count == 1)
    }

    @Test("history, at, export: the auditor's view through the CLI")
    func auditorCommands() throws {
        let (workspace, database) = try twoVersions()
        let registry = ModelRegistry(database: database)
        try promote(registry, 1, expect: .none)
        let db = workspace.databasePath
        let list = try CLI.run(["registry", "list", "--db", db, "--json"], cwd: workspace.path)
        let items = try JSONDecoder().decode(JSONValue.self, from: Data(list.stdout.utf8)).arrayValue ?? []
        #expect(items.count == 2)
        #expect(items[0]["stage"]?.stringValue == "production" && items[0]["metrics"]?["accuracy"]?.doubleValue != nil)
        #expect(items[0]["created_at"]?.stringValue != nil)
        let at = try CLI.run(["registry", "at", "--db", db, Timestamp.format(Date()), "--json"], cwd: workspace.path)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(at.stdout.utf8))["version"]?.doubleValue == 1)
        let out = workspace.path + "/audit.csv"
        let export = try CLI.run(["registry", "export", "--db", db, "--format", "csv", "--out", out], cwd: workspace.path)
        #expect(export.status == 0)
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.hasPrefix("seq,at,actor,action"))
        #expect(try registry.history().last?.action == "export")
        let bad = try CLI.run(["registry", "at", "--db", db, "yesterday"], cwd: workspace.path)
        #expect(bad.status != 0 && bad.stderr.contains("not a date or timestamp"))
        #expect(try RegistryVerifier(database: database).verify().ok)
    }
}

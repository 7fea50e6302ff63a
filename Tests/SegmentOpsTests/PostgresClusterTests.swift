import Foundation
import Logging
import API
import Alerting
import PostgresStore
import SegmentModel
import SegmentStore
import Testing

/// What only a shared PostgreSQL database has: leadership with fencing, production changes pushed to replicas,
/// moving a SQLite store in, and supervisors taking over from a killed leader.
@Suite("PostgreSQL: leadership, notifications, moving house", .enabled(if: PostgresTestServer.available))
struct PostgresClusterTests {
    let logger = Logger(label: "test")

    private func registerTwo(_ database: any StoreBackend) throws -> ModelRegistry {
        let registry = ModelRegistry(database: database)
        for i in 0..<2 {
            _ = try registry.register(try NewModelVersion(artifact: try TrainedArtifact.shared(), asOf: Fixtures.start + 70 + i,
                                                          actor: "trainer", configSnapshot: "test", codeVersion: "test"), at: Date())
        }
        return registry
    }

    @Test("one leader at a time; a new one raises the epoch and the old one's writes are refused")
    func electionAndFencing() async throws {
        let store = try TestStore(.postgres)
        let first = try #require(try store.reopen() as? PostgresBackend)
        let second = try #require(try store.reopen() as? PostgresBackend)
        let a = PostgresLeaderElection(backend: first, identity: "a", logger: logger)
        let b = PostgresLeaderElection(backend: second, identity: "b", logger: logger)
        let epochA = try await a.acquire()
        #expect(try b.tryAcquire() == nil)
        #expect(b.state().role == .follower && b.state().leader?.holder == "a")
        #expect(a.state() == LeadershipState(role: .leader, epoch: epochA, leader: a.state().leader, identity: "a"))
        // The leader's lock connection dies (a partition): the server frees the lock, b takes over.
        a.dropLockConnectionForTesting()
        let epochB = try #require(try b.tryAcquire())
        #expect(epochB == epochA + 1)
        // a has not noticed yet: its next write is fenced, and nothing of it lands.
        let events = EventStore(database: first)
        #expect(throws: PostgresStoreError.fenced(epoch: epochA, current: epochB)) {
            try events.record(type: "stale_leader_write", asOf: nil, at: Date())
        }
        #expect(try EventStore(database: second).recent(type: "stale_leader_write").isEmpty)
        // b's writes go through; after a steps down, a's (follower) writes do too.
        try EventStore(database: second).record(type: "leader_write", asOf: nil, at: Date())
        await a.release()
        try events.record(type: "follower_write", asOf: nil, at: Date())
        await b.release()
    }

    @Test("a production change reaches another replica by notification, and by the backstop when none arrives")
    func productionNotification() throws {
        let store = try TestStore(.postgres)
        let registry = try registerTwo(store.backend)
        let replica = try #require(try store.reopen() as? PostgresBackend)
        let watch = try #require(replica.productionWatch as? PostgresProductionWatch)
        #expect(try watch.currentProduction() == nil)
        try registry.changeProduction(ProductionChange(kind: .promote, target: 1, expect: .none, actor: "rm", reason: "r"),
                                      requireApproval: false, at: Date())
        let deadline = Date().addingTimeInterval(2)
        while try watch.currentProduction() != 1 && Date() < deadline { usleep(1000) }
        #expect(try watch.currentProduction() == 1)
        #expect(watch.notifications >= 1)
        let cache = ModelCacheProbe(database: replica)
        try registry.changeProduction(ProductionChange(kind: .promote, target: 2, expect: .version(1), actor: "rm", reason: "r"),
                                      requireApproval: false, at: Date())
        while try cache.version() != 2 && Date() < deadline.addingTimeInterval(2) { usleep(1000) }
        #expect(try cache.version() == 2)
        // No notification at all (the trigger disabled): the periodic check still finds the change.
        try store.backend.write { db in try db.run("ALTER TABLE model_version DISABLE TRIGGER model_version_production_notify") }
        let heard = watch.notifications
        try registry.changeProduction(ProductionChange(kind: .rollback, target: 1, expect: .version(2), actor: "rm", reason: "r"),
                                      requireApproval: false, at: Date())
        let backstop = Date().addingTimeInterval(3)
        while try watch.currentProduction() != 1 && Date() < backstop { usleep(10_000) }
        #expect(try watch.currentProduction() == 1)
        #expect(watch.notifications == heard)
    }

    @Test("store copy: a SQLite registry moves into PostgreSQL with the same hashes; a second copy is refused")
    func copy() throws {
        let sqlite = try TestStore(.sqlite)
        let (batch, _) = Fixtures.simulate(.stable, customers: 600, days: 75, seed: 2)
        _ = try ObservationStore(database: sqlite.backend).ingest(batch, file: "f.csv", fileSHA256: "f", actor: "t", relabel: false)
        let registry = try registerTwo(sqlite.backend)
        try registry.changeProduction(ProductionChange(kind: .promote, target: 1, expect: .none, actor: "rm", reason: "r"),
                                      requireApproval: false, at: Date())
        let url = try PostgresTestServer.freshDatabase()
        defer { PostgresTestServer.drop(url) }
        let result = try CLI.run(["store", "copy", "--from", sqlite.location, "--to", url, "--json"], cwd: sqlite.workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue(parsing: result.stdout)
        #expect(report["ok"]?.boolValue == true)
        let head = try sqlite.backend.read { db in try db.value("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", as: String.self) }
        #expect(report["audit_head"]?.stringValue == head)
        let verify = try CLI.run(["registry", "verify", "--db", url], cwd: sqlite.workspace.path)
        #expect(verify.status == 0 && verify.stdout.contains("2 artifacts and 4 audit entries"), "\(verify.stdout) \(verify.stderr)")
        let copied = try PostgresBackend.open(url: url, schema: .standard)
        defer { copied.close() }
        #expect(try ObservationStore(database: copied).counts(DayRange(from: Fixtures.start, to: Fixtures.start + 80)).rows == batch.count)
        #expect(try ModelRegistry(database: copied).production()?.version == 1)
        // Every table of the SQLite store is copied, but the deployment's own.
        let tables = try sqlite.backend.read { db in
            try db.values("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'", as: String.self)
        }
        #expect(Set(tables).subtracting(["leadership"]) == Set(StoreCopy.tables))
        let again = try CLI.run(["store", "copy", "--from", sqlite.location, "--to", url], cwd: sqlite.workspace.path)
        #expect(again.status != 0 && again.stderr.contains("already holds data"), "\(again.stderr)")
    }
}

/// The model cache a replica's scoring reads, without the HTTP server around it.
struct ModelCacheProbe {
    let cache: API.ModelCache
    init(database: any StoreBackend) { cache = API.ModelCache(database: database) }
    func version() throws -> Int { try cache.production().version }
}

/// Three real `segmentops supervise` processes on one database.
@Suite("PostgreSQL: three supervisors", .enabled(if: PostgresTestServer.available))
struct PostgresSupervisorsTests {
    private func health(_ port: Int) async -> JSONValue? {
        var request = HTTPRequest(url: "http://127.0.0.1:\(port)/healthz", headers: [], body: Data())
        request.method = "GET"
        let result = await CurlTransport().send(request, connectTimeout: 0.2, timeout: 0.5)
        return result.isSuccess ? try? JSONValue(parsing: String(decoding: result.body, as: UTF8.self)) : nil
    }

    private func supervisors(_ store: TestStore, ports: [Int]) throws -> [Process] {
        try ports.map { port -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TestPaths.executable)
            p.arguments = ["supervise", "--db", store.location, "--port", String(port)]
            p.currentDirectoryURL = URL(fileURLWithPath: store.workspace.path)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
    }

    private func roles(_ ports: [Int]) async -> [Int: JSONValue] {
        var out = [Int: JSONValue]()
        for port in ports { if let h = await health(port) { out[port] = h } }
        return out
    }

    /// Polls until `condition` holds for the members' `/healthz` answers (at most `tries` × 100 ms).
    private func until(_ ports: [Int], tries: Int = 300, _ condition: ([Int: JSONValue]) -> Bool) async throws -> [Int: JSONValue] {
        var seen = [Int: JSONValue]()
        for _ in 0..<tries {
            seen = await roles(ports)
            if condition(seen) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return seen
    }

    @Test("a leader paused past the limit loses leadership; woken up, it follows and cannot write under its old epoch")
    func pausedLeader() async throws {
        let store = try TestStore(.postgres)
        let base = 22_000 + Int(getpid() % 9_000)
        let ports = [base, base + 3]
        let processes = try supervisors(store, ports: ports)
        defer {
            for p in processes where p.isRunning {
                kill(p.processIdentifier, SIGCONT)
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
        }
        func leader(_ seen: [Int: JSONValue]) -> (port: Int, epoch: Int)? {
            seen.first { $0.value["role"]?.stringValue == "leader" }.map { ($0.key, $0.value["epoch"]?.intValue ?? 0) }
        }
        let first = try #require(leader(try await until(ports) { $0.count == 2 && leader($0) != nil }))
        let paused = processes[ports.firstIndex(of: first.port)!]
        kill(paused.processIdentifier, SIGSTOP)
        let other = ports.first { $0 != first.port }!
        let taken = try await until([other]) { ($0[other]?["role"]?.stringValue == "leader") }
        #expect(taken[other]?["epoch"]?.intValue == first.epoch + 1)
        kill(paused.processIdentifier, SIGCONT)
        let after = try await until(ports) { $0[first.port]?["role"]?.stringValue == "follower" }
        #expect(after[first.port]?["role"]?.stringValue == "follower")
        #expect(after[other]?["role"]?.stringValue == "leader")
        let info = try store.backend.read { db in try LeaderInfo.current(db) }
        #expect(info?.epoch == first.epoch + 1 && info?.pid != Int(paused.processIdentifier))
        #expect(try RegistryVerifier(database: store.backend).verify().ok)
    }

    @Test("every one serves the API, one leads; kill -9 the leader and another takes over under a higher epoch")
    func takeover() async throws {
        let store = try TestStore(.postgres)
        let base = 21_000 + Int(getpid() % 9_000)
        let ports = [base, base + 3, base + 6]
        let processes = try supervisors(store, ports: ports)
        defer { for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        func roles() async -> [Int: JSONValue] { await self.roles(ports) }
        var seen = [Int: JSONValue]()
        for _ in 0..<300 where seen.count < 3 || !seen.values.contains(where: { $0["role"]?.stringValue == "leader" }) {
            try await Task.sleep(for: .milliseconds(100))
            seen = await roles()
        }
        #expect(seen.count == 3)
        let leaders = seen.filter { $0.value["role"]?.stringValue == "leader" }
        #expect(leaders.count == 1)
        let (leaderPort, leader) = try #require(leaders.first)
        let epoch = try #require(leader["epoch"]?.intValue)
        #expect(seen.values.allSatisfy { $0["leader"]?["pid"]?.intValue == leader["leader"]?["pid"]?.intValue || $0["role"]?.stringValue == "leader" })
        let victim = processes[ports.firstIndex(of: leaderPort)!]
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        var next: (Int, JSONValue)?
        for _ in 0..<300 where next == nil {
            try await Task.sleep(for: .milliseconds(50))
            next = await roles().first { $0.value["role"]?.stringValue == "leader" && ($0.value["epoch"]?.intValue ?? 0) > epoch }
        }
        let (newPort, newLeader) = try #require(next)
        #expect(newPort != leaderPort)
        #expect(newLeader["epoch"]?.intValue == epoch + 1)
        let status = try CLI.run(["status", "--db", store.location], cwd: store.workspace.path)
        #expect(status.stdout.contains("epoch \(epoch + 1)"), "\(status.stdout)")
        #expect(try RegistryVerifier(database: store.backend).verify().ok)
    }
}

import Foundation
import Logging
import PostgresStore
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing

/// The PostgreSQL server the tests use: `SEGMENTOPS_TEST_POSTGRES_URL`, else the PG* variables `pg_virtualenv`
/// sets (scripts/test starts a throw-away cluster that way). Each test gets a database of its own, dropped after.
enum PostgresTestServer {
    static let baseURL: String? = {
        let env = ProcessInfo.processInfo.environment
        if let url = env["SEGMENTOPS_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        if let host = env["PGHOST"], !host.isEmpty { return "postgres:///postgres" }
        return nil
    }()

    /// Why PostgreSQL tests do not run, or nil when they do.
    static let unavailableReason: String? = {
        guard let baseURL else {
            return "no PostgreSQL server: set SEGMENTOPS_TEST_POSTGRES_URL or run the tests under pg_virtualenv (scripts/test does)"
        }
        do {
            let session = try PostgresSession.connect(to: PostgresLocation(url: baseURL), logger: Logger(label: "test"))
            defer { session.close() }
            try session.run("SELECT 1")
            return nil
        } catch {
            return "PostgreSQL at \(baseURL) is not reachable: \(error)"
        }
    }()

    static var available: Bool { unavailableReason == nil }

    /// Set by scripts/test when it started a cluster: then an unreachable server is a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["SEGMENTOPS_REQUIRE_POSTGRES"] == "1" }

    /// A new, empty database on the server; its URL.
    static func freshDatabase() throws -> String {
        let base = try PostgresLocation(url: baseURL!)
        let name = "segmentops_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let session = try PostgresSession.connect(to: base, logger: Logger(label: "test"))
        defer { session.close() }
        try session.run("CREATE DATABASE \(name)")
        return base.with(database: name).url
    }

    static func drop(_ url: String) {
        guard let location = try? PostgresLocation(url: url), let base = try? PostgresLocation(url: baseURL!),
              let session = try? PostgresSession.connect(to: base, logger: Logger(label: "test")) else { return }
        defer { session.close() }
        try? session.run("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
    }
}

/// Which engine a conformance test runs on.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a server is reachable.
    static var available: [StoreKind] { PostgresTestServer.available ? [.sqlite, .postgres] : [.sqlite] }
}

/// A fresh store of one kind: a SQLite file in a throw-away folder, or a throw-away PostgreSQL database.
final class TestStore: @unchecked Sendable {
    let kind: StoreKind
    let workspace: TestWorkspace
    let backend: any StoreBackend
    /// What `--db` takes for this store.
    let location: String

    init(_ kind: StoreKind, config: SegmentOpsConfig = TestWorkspace.defaultConfig()) throws {
        self.kind = kind
        workspace = try TestWorkspace(config: config)
        switch kind {
        case .sqlite:
            location = workspace.databasePath
            backend = try workspace.database()
        case .postgres:
            location = try PostgresTestServer.freshDatabase()
            backend = try PostgresBackend.open(url: location, schema: config.schema, create: true)
        }
    }

    /// Another connection to the same store, as a second process would open it.
    func reopen() throws -> any StoreBackend {
        switch kind {
        case .sqlite: try SegmentDatabase.open(path: location, schema: workspace.config.schema)
        case .postgres: try PostgresBackend.open(url: location, schema: workspace.config.schema)
        }
    }

    deinit {
        if kind == .postgres {
            (backend as? PostgresBackend)?.close()
            PostgresTestServer.drop(location)
        }
    }
}

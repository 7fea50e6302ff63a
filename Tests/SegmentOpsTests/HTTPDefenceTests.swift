import API
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Supervisor
import Testing

@Suite("The HTTP server defends itself: body limit, JSON errors from the HTTP layer, timeouts, decoded paths")
struct HTTPDefenceTests {
    /// A database with production v1 and a customer whose id needs percent-encoding.
    private func world(_ adjust: (inout APIConfig) -> Void = { _ in }) throws -> (TestWorkspace, APIEnvironment) {
        var config = TestWorkspace.defaultConfig()
        config.api.port = 0
        adjust(&config.api)
        let workspace = try TestWorkspace(config: config)
        let database = try workspace.database()
        var (batch, _) = Fixtures.simulate(.stable, customers: 800, days: 70)
        let last = batch.observation(batch.count - 1)
        batch.append(Observation(customerID: "C 1/é?", asOf: last.asOf, features: last.features, label: nil))
        try Fixtures.ingest(batch, into: database)
        let v1 = try Fixtures.train(database, config: config, asOf: Fixtures.start + 69)
        try ModelRegistry(database: database).changeProduction(
            ProductionChange(kind: .promote, target: v1.version, expect: .none, actor: "rm", reason: "first"),
            requireApproval: false, at: Date())
        return (workspace, APIEnvironment(database: database, config: config, rulesLoaded: nil))
    }

    private func live(_ env: APIEnvironment, _ test: @escaping @Sendable (RawHTTP) async throws -> Void) async throws {
        var logger = Logger(label: "test.http")
        logger.logLevel = .critical
        let app = try SegmentOpsAPI.buildApplication(env, logger: logger)
        try await app.test(.live) { client in try await test(RawHTTP(port: try #require(client.port))) }
    }

    private func scoringBatch(rows: Int) -> Data {
        let row = APITests.features.text
        return Data(("[" + Array(repeating: row, count: rows).joined(separator: ",") + "]").utf8)
    }

    @Test("a scoring batch over 8 MiB is scored (it was a 500)")
    func largeBatchScored() async throws {
        let (workspace, env) = try world()
        defer { withExtendedLifetime(workspace) {} }
        let body = scoringBatch(rows: 32_000)
        #expect(body.count > 8 << 20)
        try await live(env) { http in
            let answer = try await http.send([RawHTTP.request("POST", "/v1/score", body: body)], timeout: 60)
            #expect(answer.status == 200)
            #expect(answer.body.hasPrefix("{\"model_version\":1,\"results\":["))
        }
    }

    @Test("over api.max_body_size: 413 as JSON and the connection closed, declared or chunked")
    func bodyLimit() async throws {
        let (workspace, env) = try world { $0.maxBodyBytes = 64 << 10 }
        defer { withExtendedLifetime(workspace) {} }
        try await live(env) { http in
            let declared = try await http.send([RawHTTP.request("POST", "/v1/score", body: scoringBatch(rows: 400))])
            #expect(declared.status == 413 && declared.closed)
            #expect(declared.body.contains("\"status\":413") && declared.body.contains("api.max_body_size"))
            let chunk = String(repeating: " ", count: 40_000)
            let chunked = "POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(repeating: "\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n", count: 3) + "0\r\n\r\n"
            let answer = try await http.send([Data(chunked.utf8)])
            #expect(answer.status == 413 && answer.closed && answer.body.contains("\"error\""))
        }
    }

    @Test("an oversized URL or header block, or a malformed request, gets a JSON error (was an empty 400)")
    func parserErrorsAreJSON() async throws {
        let (workspace, env) = try world()
        defer { withExtendedLifetime(workspace) {} }
        try await live(env) { http in
            let url = try await http.send([RawHTTP.request("GET", "/" + String(repeating: "a", count: 100_000))])
            #expect(url.status == 431 && url.body.contains("\"status\":431") && url.closed)
            let header = try await http.send([RawHTTP.request("GET", "/healthz", headers: ["X-Big": String(repeating: "b", count: 100_000)])])
            #expect(header.status == 431 && header.body.contains("\"error\""))
            let garbage = try await http.send([Data("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n".utf8)])
            #expect(garbage.status == 400 && garbage.body.contains("\"status\":400"), "\(garbage)")
        }
    }

    @Test("path parameters are percent-decoded")
    func percentDecoding() async throws {
        let (workspace, env) = try world()
        defer { withExtendedLifetime(workspace) {} }
        try await live(env) { http in
            let customer = try await http.send([RawHTTP.request("GET", "/v1/customers/C%201%2F%C3%A9%3F")])
            #expect(customer.status == 200, "\(customer.body)")
            #expect(customer.body.contains("\"customer_id\":\"C 1\\/é?\"") || customer.body.contains("\"customer_id\":\"C 1/é?\""))
            let version = try await http.send([RawHTTP.request("GET", "/v1/models/v%31")])
            #expect(version.status == 200)
            let bad = try await http.send([RawHTTP.request("GET", "/v1/customers/%ZZ")])
            #expect(bad.status == 400 && bad.body.contains("percent-encoding"))
        }
    }

    @Test("headers or a body trickled too slowly: 408 as JSON and the connection closed")
    func slowClients() async throws {
        let (workspace, env) = try world { $0.headerTimeout = 0.5; $0.bodyTimeout = 0.5 }
        defer { withExtendedLifetime(workspace) {} }
        try await live(env) { http in
            let trickle = (0..<12).map { _ in Data("X".utf8) }
            let head = try await http.send([Data("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8)] + trickle, pause: 0.2)
            #expect(head.status == 408 && head.closed && head.body.contains("headers did not arrive"), "\(head)")
            let body = try await http.send([Data("POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{".utf8)] + trickle, pause: 0.2)
            #expect(body.status == 408 && body.closed && body.body.contains("body did not arrive"), "\(body)")
            // A prompt client on the same server is unaffected.
            let ok = try await http.send([RawHTTP.request("GET", "/healthz")])
            #expect(ok.status == 200)
        }
    }
}

import API
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentModel
import SegmentStore
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    private func environment() throws -> APIEnvironment {
        APIEnvironment(database: try SegmentDatabase.inMemory(), config: TestWorkspace.defaultConfig(), rulesLoaded: nil)
    }

    @Test("every route the router serves is in the document, and every documented route is served")
    func routesMatch() throws {
        // The console under /ui answers HTML for browsers and is not part of the API contract.
        let served = Set(SegmentOpsAPI.buildRouter(try environment()).routes.filter { !"\($0.path)".hasPrefix("/ui") }.map {
            "\($0.method.rawValue.lowercased()) \(OpenAPIDocument.path(fromRouter: "\($0.path)"))"
        })
        let document = OpenAPIDocument.build(schema: .standard)
        var documented = Set<String>()
        for (path, methods) in document["paths"]?.objectValue ?? [:] {
            for method in methods.objectValue?.keys ?? [:].keys { documented.insert("\(method) \(path)") }
        }
        #expect(served.count >= 20)
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    @Test("the repository's openapi.json is the document (regenerate with `segmentops openapi > openapi.json`)")
    func repositoryCopy() throws {
        let stored = try String(contentsOfFile: TestPaths.root + "/openapi.json", encoding: .utf8)
        #expect(stored == OpenAPIDocument.text(schema: .standard))
        let json = try JSONValue(parsing: stored)
        #expect(json["openapi"]?.stringValue == "3.1.0")
        // Mutations and the audit name their role; reads do not.
        let promote = json["paths"]?["/v1/models/{version}/promote"]?["post"]
        #expect(promote?["x-required-role"]?.stringValue == "release-manager")
        #expect(json["paths"]?["/v1/fairness"]?["get"]?["x-required-role"]?.stringValue == "auditor")
        #expect(json["paths"]?["/v1/models"]?["get"]?["x-required-role"] == nil)
        let features = json["components"]?["schemas"]?["FeatureMap"]?["required"]?.arrayValue?.compactMap(\.stringValue)
        #expect(features == SegmentSchema.standard.features)
    }

    @Test("GET /openapi.json serves it over HTTP")
    func served() async throws {
        var logger = Logger(label: "test.openapi")
        logger.logLevel = .critical
        let app = Application(router: SegmentOpsAPI.buildRouter(try environment()), logger: logger)
        try await app.test(.live) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["info"]?["title"]?.stringValue == "SegmentOps API")
            }
        }
    }
}

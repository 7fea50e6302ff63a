import Foundation
import Hummingbird
import HummingbirdCore
import SegmentConfig

/// What a console page reads from its request: the query and the path's named parts (percent-decoded).
struct ConsoleRequest {
    let query: Hummingbird.Parameters
    let parameters: [String: String]

    func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw APIError(.badRequest, "\(name) missing from the path") }
        return value
    }
}

/// One console page: its path (with `:name` parts), the role it needs beyond a viewer's, and how it is built.
struct ConsoleRoute: Sendable {
    let path: String
    let role: APIToken.Role?
    let build: @Sendable (APIEnvironment, ConsoleRequest) throws -> ConsolePage

    var parameterNames: [String] { path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) } }

    static let all: [ConsoleRoute] = [
        .init(path: "/ui", role: nil) { env, _ in try OverviewPage(env: env).page() },
        .init(path: "/ui/registry", role: nil) { env, r in try RegistryPage(env: env).page(r.query) },
        .init(path: "/ui/versions/:version", role: nil) { env, r in
            try VersionPage(env: env).page(ConsoleQuery.version(try r.parameter("version"), field: "version"))
        },
        .init(path: "/ui/diff", role: nil) { env, r in try DiffPage(env: env).page(r.query) },
        .init(path: "/ui/drift", role: nil) { env, r in try DriftPage(env: env).page(r.query) },
        .init(path: "/ui/performance", role: nil) { env, r in try PerformancePage(env: env).page(r.query) },
        .init(path: "/ui/alerts", role: nil) { env, _ in try AlertsPage(env: env).page() },
        .init(path: "/ui/alerts/:rule", role: nil) { env, r in try AlertPage(env: env).page(try r.parameter("rule")) },
        .init(path: "/ui/runbooks/:name", role: nil) { env, r in try AlertPage(env: env).runbook(try r.parameter("name")) },
        .init(path: "/ui/audit", role: nil) { env, r in try AuditPage(env: env).page(r.query) },
        .init(path: "/ui/customers", role: nil) { env, r in try CustomerPage(env: env).search(r.query) },
        .init(path: "/ui/customers/:id", role: nil) { env, r in try CustomerPage(env: env).page(try r.parameter("id")) },
        .init(path: "/ui/segments", role: nil) { env, r in try SegmentsPage(env: env).page(r.query) },
        .init(path: "/ui/fairness", role: .auditor) { env, r in try FairnessPage(env: env).page(r.query) },
    ]
}

/// Server time of console pages without the network: the benchmark renders a page as its route would.
public enum ConsoleTiming {
    /// Builds and renders the page at `uri` (path and query); returns the HTML's size in bytes.
    public static func render(_ env: APIEnvironment, uri: String) throws -> Int {
        let parsed = URI(uri)
        let segments = parsed.path.split(separator: "/")
        for route in ConsoleRoute.all {
            let pattern = route.path.split(separator: "/")
            guard pattern.count == segments.count else { continue }
            var parameters = [String: String]()
            let matches = zip(pattern, segments).allSatisfy { p, s in
                if p.hasPrefix(":") { parameters[String(p.dropFirst())] = String(s).removingPercentEncoding ?? String(s); return true }
                return p == s
            }
            guard matches else { continue }
            let page = try route.build(env, ConsoleRequest(query: parsed.queryParameters, parameters: parameters))
            return ConsoleRenderer.html(page, session: nil, generatedAt: env.now()).utf8.count
        }
        throw APIError(.notFound, "no console page at \(uri)")
    }
}

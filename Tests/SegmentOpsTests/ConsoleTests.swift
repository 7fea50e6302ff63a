import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentConfig
import SegmentStore
import Testing

@Suite("Web console: every page on a 120-day replay, snapshots, bad parameters, escaping, sign-in, no mutation, no token leak")
struct ConsoleTests {
    static let pages: [(name: String, uri: String)] = [
        ("overview", "/ui"), ("registry", "/ui/registry"), ("registry-at", "/ui/registry?at=2026-03-20T12:00:00Z"),
        ("version", "/ui/versions/5"), ("diff", "/ui/diff?a=3&b=5"), ("diff-all", "/ui/diff?a=3&b=5&all=1"),
        ("drift", "/ui/drift"), ("drift-day", "/ui/drift?day=2026-04-10&feature=credit_access_sessions"),
        ("performance", "/ui/performance"), ("alerts", "/ui/alerts"), ("alert", "/ui/alerts/Watchdog"),
        ("audit", "/ui/audit"), ("audit-filtered", "/ui/audit?page=2&action=promote"), ("customers", "/ui/customers"),
        ("customer", "/ui/customers/C000139"), ("customer-markup", "/ui/customers/%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        ("segments", "/ui/segments"), ("runbook", "/ui/runbooks/FeaturePSIHigh"), ("login", "/ui/login"),
    ]
    static let viewer = APIToken(name: "night-shift", token: Secret("viewer-token-0123456789ab"), role: .viewer)
    static let auditor = APIToken(name: "audit", token: Secret("auditor-token-0123456789a"), role: .auditor)

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
    }

    static func app(_ env: APIEnvironment, logHandler: (@Sendable (String) -> any LogHandler)? = nil) -> some ApplicationProtocol {
        var logger = logHandler.map { Logger(label: "test.console", factory: $0) } ?? Logger(label: "test.console")
        logger.logLevel = logHandler == nil ? .critical : .trace
        return Application(router: SegmentOpsAPI.buildRouter(env), logger: logger)
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, method: HTTPRequest.Method = .get,
                    headers: HTTPFields = [:], body: String? = nil) async throws -> Page {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
        }
    }

    /// Signs in with `token` and returns the cookie header to send.
    static func signIn(_ client: some TestClientProtocol, _ token: APIToken) async throws -> HTTPFields {
        let page = try await get(client, "/ui/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: "token=\(token.token.value)&next=%2Fui")
        #expect(page.status == .seeOther)
        let cookie = try #require(page.headers[.setCookie])
        return [.cookie: String(cookie.prefix { $0 != ";" })]
    }

    @Test("every page renders on a 120-day replay and matches its snapshot")
    func snapshots() async throws {
        let fixture = try await ConsoleFixture.shared.value
        try await ConsoleTests.app(fixture.environment(tokens: [ConsoleTests.auditor])).test(.router) { client in
            var pages = ConsoleTests.pages
            let cookie = try await ConsoleTests.signIn(client, ConsoleTests.auditor)
            pages.append(("fairness", "/ui/fairness"))
            for (name, uri) in pages {
                let page = try await ConsoleTests.get(client, uri, headers: name == "fairness" ? cookie : [:])
                #expect(page.status == .ok, "\(uri): \(page.status)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
                #expect(!page.body.contains("Optional(") && !page.body.contains(">nil<"), "\(uri) shows a Swift optional")
                #expect(!page.body.lowercased().contains("<script"), "\(uri) carries a script")
                try ConsoleSnapshot.check(name, page.body)
            }
        }
    }

    @Test("bad parameters give a clear 4xx page, never a 500")
    func badParameters() async throws {
        let fixture = try await ConsoleFixture.shared.value
        let cases: [(String, HTTPResponse.Status, String)] = [
            ("/ui/versions/999", .notFound, "999"), ("/ui/versions/abc", .badRequest, "not a version"),
            ("/ui/versions/0", .badRequest, "not a version"), ("/ui/registry?at=yesterday", .badRequest, "not a timestamp"),
            ("/ui/registry?at=2026-13-45", .badRequest, "not a timestamp"), ("/ui/audit?page=0", .badRequest, "page"),
            ("/ui/audit?page=abc", .badRequest, "page"), ("/ui/audit?page=999999", .notFound, "past the end"),
            ("/ui/audit?version=x", .badRequest, "version"), ("/ui/diff?a=1&b=99999", .notFound, "99999"),
            ("/ui/diff?a=x", .badRequest, "a:"), ("/ui/diff?a=1&b=2&all=maybe", .badRequest, "all:"),
            ("/ui/drift?day=2025-01-01", .notFound, "no drift run"), ("/ui/drift?day=soon", .badRequest, "not a date"),
            ("/ui/drift?feature=shoe_size", .badRequest, "shoe_size"), ("/ui/alerts/NoSuchAlert", .notFound, "NoSuchAlert"),
            ("/ui/runbooks/..%2F..%2Fetc%2Fpasswd", .notFound, "runbook"), ("/ui/customers/NOBODY", .notFound, "NOBODY"),
            ("/ui/audit/export?format=xml", .badRequest, "format"), ("/ui/no/such/page", .notFound, "Not Found"),
        ]
        try await ConsoleTests.app(fixture.environment()).test(.router) { client in
            for (uri, status, text) in cases {
                let page = try await ConsoleTests.get(client, uri)
                #expect(page.status == status, "\(uri): \(page.status)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(page.body.contains("class=\"error\""), "\(uri)")
                #expect(page.body.contains(text), "\(uri) does not say \(text)")
            }
        }
    }

    @Test("markup in a customer id or a parameter is shown as text")
    func escaping() async throws {
        let fixture = try await ConsoleFixture.shared.value
        try await ConsoleTests.app(fixture.environment()).test(.router) { client in
            let page = try await ConsoleTests.get(client, "/ui/customers/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(page.status == .ok)
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            for uri in ["/ui/customers/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "/ui/registry?at=%3Cscript%3E",
                        "/ui/audit?actor=%22%3E%3Cscript%3E", "/ui/drift?feature=%3Cb%3Ex%3C%2Fb%3E"] {
                let page = try await ConsoleTests.get(client, uri)
                #expect(page.status.code < 500, "\(uri)")
                #expect(!page.body.contains("<script") && !page.body.contains("<img") && !page.body.contains("<b>"), "\(uri)")
            }
            let search = try await ConsoleTests.get(client, "/ui/customers?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(search.status == .seeOther)
            #expect(search.headers[.location] == "/ui/customers/%3Cscript%3Ealert%281%29%3C%2Fscript%3E")
        }
    }
}

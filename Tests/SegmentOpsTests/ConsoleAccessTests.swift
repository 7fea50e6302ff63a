import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentConfig
import SegmentStore
import Testing

/// Collects every log message with its metadata, to prove no token reaches a log.
final class CollectedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

struct CollectingLogHandler: LogHandler {
    let logs: CollectedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        logs.append("\(level) \(message) \(self.metadata.merging(extra ?? [:]) { $1 })")
    }
}

@Suite("Console access: sign-in by cookie, roles, no mutation for a browser, no token in pages, URLs or logs")
struct ConsoleAccessTests {
    /// On a non-loopback address every page needs a sign-in.
    private func environment(_ fixture: ConsoleFixture, now: Date = ConsoleFixture.now,
                             tokens: [APIToken] = [ConsoleTests.viewer, ConsoleTests.auditor]) -> APIEnvironment {
        var config = fixture.config
        config.api.tokens = tokens
        config.api.host = "0.0.0.0"
        return APIEnvironment(database: fixture.database, config: config, rulesLoaded: nil, now: { now })
    }

    @Test("sign-in: redirect, wrong token, HttpOnly SameSite=Strict cookie without the token, roles, expiry, revocation")
    func signIn() async throws {
        let fixture = try await ConsoleFixture.shared.value
        try await ConsoleTests.app(environment(fixture)).test(.router) { client in
            let anonymous = try await ConsoleTests.get(client, "/ui/registry?at=2026-03-20")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/ui/login?next=%2Fui%2Fregistry%3Fat%3D2026-03-20")
            let css = try await ConsoleTests.get(client, "/ui/style.css")
            #expect(css.status == .ok)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let wrong = try await ConsoleTests.get(client, "/ui/login", method: .post, headers: form, body: "token=guess-0123456789abcdef")
            #expect(wrong.status == .unauthorized && wrong.headers[.setCookie] == nil)
            #expect(!wrong.body.contains("guess-0123456789abcdef"))
            let ok = try await ConsoleTests.get(client, "/ui/login", method: .post, headers: form,
                                                body: "token=viewer-token-0123456789ab&next=%2Fui%2Fregistry%3Fat%3D2026-03-20")
            #expect(ok.status == .seeOther && ok.headers[.location] == "/ui/registry?at=2026-03-20")
            let setCookie = try #require(ok.headers[.setCookie])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/ui", "Max-Age=43200"] { #expect(setCookie.contains(attribute)) }
            #expect(!setCookie.contains("viewer-token-0123456789ab"))
            let cookie: HTTPFields = [.cookie: String(setCookie.prefix { $0 != ";" })]
            let overview = try await ConsoleTests.get(client, "/ui", headers: cookie)
            #expect(overview.status == .ok && overview.body.contains("night-shift (viewer)"))
            let fairness = try await ConsoleTests.get(client, "/ui/fairness", headers: cookie)
            #expect(fairness.status == .forbidden && fairness.body.contains("needs role auditor"))
            var forged = cookie
            forged[.cookie] = String(cookie[.cookie]!.dropLast()) + (cookie[.cookie]!.hasSuffix("0") ? "1" : "0")
            let forgedPage = try await ConsoleTests.get(client, "/ui", headers: forged)
            #expect(forgedPage.status == .seeOther)
            let evil = try await ConsoleTests.get(client, "/ui/login", method: .post, headers: form,
                                                  body: "token=viewer-token-0123456789ab&next=https%3A%2F%2Fevil.example%2F")
            #expect(evil.headers[.location] == "/ui")
            let out = try await ConsoleTests.get(client, "/ui/logout", method: .post, headers: cookie)
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
        }
        // The same cookie 13 hours later, or after the token is removed from the configuration, signs in no one.
        let cookie = try await ConsoleTests.app(environment(fixture)).test(.router) { try await ConsoleTests.signIn($0, ConsoleTests.viewer) }
        for env in [environment(fixture, now: ConsoleFixture.now.addingTimeInterval(13 * 3600)),
                    environment(fixture, tokens: [ConsoleTests.auditor])] {
            try await ConsoleTests.app(env).test(.router) { client in
                let page = try await ConsoleTests.get(client, "/ui", headers: cookie)
                #expect(page.status == .seeOther)
            }
        }
    }

    @Test("a signed-in browser reaches nothing that mutates: every POST of the API refuses the cookie")
    func noMutation() async throws {
        let fixture = try await ConsoleFixture.shared.value
        let env = environment(fixture)
        let mutations = SegmentOpsAPI.buildRouter(env).routes
            .filter { $0.method != .get && $0.method != .head && !"\($0.path)".hasPrefix("/ui/log") }
            .map { ($0.method, "\($0.path)".replacing(/:[a-z_]+/, with: "1")) }
        #expect(mutations.count >= 4)
        let before = try await fixture.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT max(seq) FROM audit_log") }
        try await ConsoleTests.app(env).test(.router) { client in
            for token in [ConsoleTests.viewer, ConsoleTests.auditor] {
                var headers = try await ConsoleTests.signIn(client, token)
                headers[.contentType] = "application/json"
                for (method, path) in mutations {
                    let page = try await ConsoleTests.get(client, path, method: method, headers: headers,
                                                          body: "{\"reason\":\"console\"}")
                    #expect(page.status == .unauthorized, "\(method) \(path) with a console cookie answered \(page.status)")
                }
            }
            // The console's own pages answer only GET: a POST to a page is refused.
            let post = try await ConsoleTests.get(client, "/ui/registry", method: .post)
            #expect(post.status.code >= 400)
        }
        let after = try await fixture.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT max(seq) FROM audit_log") }
        #expect(before == after)
    }

    @Test("no token appears in any page, redirect or log")
    func noTokenLeak() async throws {
        let fixture = try await ConsoleFixture.shared.value
        let logs = CollectedLogs()
        let tokens = [ConsoleTests.viewer.token.value, ConsoleTests.auditor.token.value]
        try await ConsoleTests.app(environment(fixture), logHandler: { _ in CollectingLogHandler(logs: logs) }).test(.router) { client in
            _ = try await ConsoleTests.get(client, "/ui/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                           body: "token=wrong-\(tokens[0])")
            let cookie = try await ConsoleTests.signIn(client, ConsoleTests.auditor)
            for (_, uri) in ConsoleTests.pages + [("fairness", "/ui/fairness"), ("export", "/ui/audit/export?format=ndjson")] {
                let page = try await ConsoleTests.get(client, uri, headers: cookie)
                #expect(page.status == .ok, "\(uri)")
                for token in tokens {
                    #expect(!page.body.contains(token) && !(page.headers[.location] ?? "").contains(token), "\(uri)")
                }
            }
        }
        #expect(logs.text.contains("Console sign-in"))
        for token in tokens { #expect(!logs.text.contains(token)) }
    }
}

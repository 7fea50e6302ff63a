import Foundation
import Hummingbird

/// Sign-in with an API token (posted in a form body, never in a URL), sign-out, and where to go next.
struct ConsoleSignIn {
    let env: APIEnvironment

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        router.get("/ui/login") { request, _ -> Response in
            let next = ConsoleSignIn.safeNext(request.uri.queryParameters.get("next"))
            return ConsoleRenderer.response(ConsoleSignIn.form(env: env, next: next, problem: nil), session: nil,
                                            generatedAt: env.now())
        }
        router.post("/ui/login") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16 << 10)
            let form = ConsoleSignIn.parseForm(String(buffer: body))
            let next = ConsoleSignIn.safeNext(form["next"])
            let presented = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let token = env.authorizer.tokens.first(where: { Authorizer.constantTimeEquals($0.token.value, presented) }) else {
                context.logger.notice("Console sign-in refused: unknown token")
                var page = ConsoleSignIn.form(env: env, next: next, problem: "That token is not configured (or was revoked). Check api.tokens in segmentops.yaml.")
                page.status = .unauthorized
                return ConsoleRenderer.response(page, session: nil, generatedAt: env.now())
            }
            context.logger.info("Console sign-in", metadata: ["token.name": "\(token.name)", "token.role": "\(token.role.rawValue)"])
            return ConsoleRenderer.redirect(next, cookie: ConsoleSession.issue(token, now: env.now()))
        }
        router.post("/ui/logout") { _, _ -> Response in
            ConsoleRenderer.redirect("/ui/login", cookie: ConsoleSession.cleared)
        }
    }

    static func form(env: APIEnvironment, next: String, problem: String?) -> ConsolePage {
        var context: [String: Any] = ["next": next]
        if let problem { context["problem"] = problem }
        else if env.authorizer.tokens.isEmpty {
            context["problem"] = "No api.tokens are configured: on this loopback address every page except fairness is open without signing in."
        }
        return ConsolePage(title: "Sign in", template: "login", context: context)
    }

    /// Only a console path is a place to go after signing in (no open redirect to another site).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.contains("\r"), !next.contains("\n") else { return "/ui" }
        return next
    }

    /// `application/x-www-form-urlencoded` fields.
    static func parseForm(_ text: String) -> [String: String] {
        var out = [String: String]()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            out[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }
}

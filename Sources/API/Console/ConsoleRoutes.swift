import Foundation
import Hummingbird
import SegmentConfig

/// The read-only web console under `/ui`: server-side HTML, no scripts. Reads follow the API's rule (open on
/// loopback, a signed-in token on any other address); the fairness page needs role `auditor` everywhere. The only
/// forms sign in and out; nothing here changes the registry.
struct ConsoleRoutes {
    let env: APIEnvironment

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        let access = ConsoleAccess(env: env)
        router.get("/ui/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: ConsoleStyle.css)))
        }
        ConsoleSignIn(env: env).add(to: router)
        for route in ConsoleRoute.all {
            let names = route.parameterNames
            router.get(RouterPath(route.path)) { request, context -> Response in
                try access.serve(request, needs: route.role) { session in
                    var parameters = [String: String]()
                    for name in names { parameters[name] = try PathParameter.get(context, name) }
                    do {
                        let page = try route.build(env, ConsoleRequest(query: request.uri.queryParameters, parameters: parameters))
                        return ConsoleRenderer.response(page, session: session, generatedAt: env.now())
                    } catch let redirect as ConsoleRedirect {
                        return ConsoleRenderer.redirect(redirect.location)
                    }
                }
            }
        }
        router.get("/ui/audit/export") { request, _ -> Response in
            try access.serve(request, needs: nil) { _ in try AuditPage(env: env).export(request.uri.queryParameters) }
        }
    }
}

/// Who may see a console page: a redirect to sign in when the address needs a token and none is signed in, a 403
/// page when the signed-in role is not enough.
struct ConsoleAccess: Sendable {
    let env: APIEnvironment

    func serve(_ request: Request, needs role: APIToken.Role?,
               _ body: (ConsoleSession?) throws -> Response) throws -> Response {
        let session = ConsoleSession.current(request, tokens: env.authorizer.tokens, now: env.now())
        if let role {
            guard let session else { return signIn(request) }
            guard session.role == role else {
                throw APIError(.forbidden, "this page needs role \(role.rawValue); you are signed in as \(session.tokenName) (\(session.role.rawValue))")
            }
        } else if session == nil && !env.authorizer.loopbackOnly {
            return signIn(request)
        }
        return try body(session)
    }

    private func signIn(_ request: Request) -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return ConsoleRenderer.redirect("/ui/login?next=" + HTML.component(target))
    }
}

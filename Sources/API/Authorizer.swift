import Hummingbird
import SegmentConfig

/// Bearer tokens from configuration, each with a role. Reads are open on loopback; on any other address every
/// request needs a token. Mutations need a specific role.
public struct Authorizer: Sendable {
    public let tokens: [APIToken]
    public let loopbackOnly: Bool

    public init(tokens: [APIToken], host: String) {
        self.tokens = tokens
        loopbackOnly = Authorizer.isLoopback(host)
    }

    public static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    }

    /// The token presented by the request, if valid.
    func token(_ request: Request) throws -> APIToken? {
        guard let header = request.headers[.authorization] else { return nil }
        guard header.hasPrefix("Bearer ") else { throw APIError(.unauthorized, "use Authorization: Bearer <token>") }
        let presented = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let match = tokens.first(where: { Authorizer.constantTimeEquals($0.token.value, presented) }) else {
            throw APIError(.unauthorized, "unknown or revoked token")
        }
        return match
    }

    func checkRead(_ request: Request) throws {
        if loopbackOnly { return }
        guard try token(request) != nil else { throw APIError(.unauthorized, "a bearer token is required on this address") }
    }

    /// Requires a token with one of `roles`; returns its name (the actor recorded in the audit log).
    func require(_ request: Request, _ roles: Set<APIToken.Role>) throws -> String {
        guard let token = try token(request) else {
            throw APIError(.unauthorized, "this endpoint needs a bearer token with role \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        guard roles.contains(token.role) else {
            throw APIError(.forbidden, "token '\(token.name)' has role \(token.role.rawValue); this endpoint needs \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return "api:\(token.name)"
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Applies the read rule to every GET of the API (the console under `/ui` signs in with a cookie and applies the
/// same rule itself).
struct ReadAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let authorizer: Authorizer
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head, request.uri.path != "/healthz",
           !request.uri.path.hasPrefix("/ui/") && request.uri.path != "/ui" {
            try authorizer.checkRead(request)
        }
        return try await next(request, context)
    }
}

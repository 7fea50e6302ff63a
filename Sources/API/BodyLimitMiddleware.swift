import Foundation
import Hummingbird
import NIOCore
import SegmentConfig

/// Enforces `api.max_body_size`: a declared `Content-Length` above it is refused before the body is read, and a
/// body that turns out larger while it is collected gets the same answer — 413 as JSON, then the connection is
/// closed. A body that does not arrive within `api.body_timeout` gets 408.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    var tooLarge: APIError {
        APIError(.contentTooLarge, "the request body is larger than \(SizeText.format(maxBytes)) (api.max_body_size); "
                 + "send fewer rows per request or raise the limit")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes { throw tooLarge }
        do {
            return try await next(request, context)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let timeout as ConnectionGuardHandler.BodyTimeout {
            throw APIError(.requestTimeout, timeout.description + " (api.body_timeout)")
        }
    }
}

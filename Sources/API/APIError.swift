import Foundation
import Hummingbird
import Release
import SegmentModel
import SegmentStore
import Training

/// An error as the API returns it: a status and a JSON body `{"error": message, "status": code, …}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    public let details: JSONValue?

    public var description: String { message }

    public init(_ status: HTTPResponse.Status, _ message: String, details: JSONValue? = nil) {
        self.status = status
        self.message = message
        self.details = details
    }

    /// Maps domain errors to statuses explicitly; anything unknown is a 500 with its description (never bare).
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as HTTPError: return APIError(e.status, e.body ?? e.status.reasonPhrase)
        case let e as StoreError:
            switch e {
            case .unknownVersion, .noVersions: return APIError(.notFound, e.description)
            case .artifactTampered: return APIError(.internalServerError, e.description)
            default: return APIError(.badRequest, e.description)
            }
        case let e as RegistryError:
            switch e {
            case .conflict: return APIError(.conflict, e.description)
            case .reasonRequired: return APIError(.badRequest, e.description)
            default: return APIError(.unprocessableContent, e.description)
            }
        case let e as IngestRejected:
            return APIError(.unprocessableContent, "rejected, nothing stored",
                            details: ["problems": .int(e.violations.total),
                                      "errors": .array(e.violations.first.map { .string($0.description) })])
        case let e as TrainingError: return APIError(.unprocessableContent, e.description)
        case is DecodingError: return APIError(.badRequest, "the request body is not the expected JSON: \(error)")
        default: return APIError(.internalServerError, String(describing: error))
        }
    }

    var response: Response {
        var body: [String: JSONValue] = ["error": .string(message), "status": .int(Int(status.code))]
        if let details, case .object(let extra) = details { body.merge(extra) { a, _ in a } }
        return JSONResponse.make(JSONValue.object(body), status: status)
    }
}

/// JSON responses with sorted keys.
public enum JSONResponse {
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoderFactory.sorted().encode(value)) ?? Data("{\"error\":\"encoding failed\"}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Turns every thrown error (and unmatched routes) into a JSON error response.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == .internalServerError {
                context.logger.error("Request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(apiError.message)"])
            }
            if request.uri.path == "/ui" || request.uri.path.hasPrefix("/ui/") {
                return ConsoleRenderer.error(apiError, path: request.uri.path, generatedAt: Date())
            }
            return apiError.response
        }
    }
}

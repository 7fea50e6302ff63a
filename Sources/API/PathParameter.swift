import Foundation
import Hummingbird

/// Path parameters as the client meant them: percent-decoded (`/v1/customers/C%2F1` names customer `C/1`).
enum PathParameter {
    static func get(_ context: some RequestContext, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name) else { throw APIError(.badRequest, "\(name) missing from the path") }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(.badRequest, "\(name): '\(raw)' is not valid percent-encoding")
        }
        return decoded
    }
}

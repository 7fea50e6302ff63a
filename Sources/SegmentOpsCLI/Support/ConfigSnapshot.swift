import Foundation

/// Configuration text as stored in the registry: secrets and tokens replaced by `‹redacted›`.
enum ConfigSnapshot {
    static func redact(_ text: String) -> String {
        let pattern = /((?:secret|routing_key|token)\s*:\s*)("[^"]*"|'[^']*'|[^,}\s#]+)/
        let password = /(postgres(?:ql)?:\/\/[^:@\s\/]+:)([^@\s]+)(@)/
        return text.replacing(pattern) { match in "\(match.1)‹redacted›" }
            .replacing(password) { match in "\(match.1)‹redacted›\(match.3)" }
    }
}

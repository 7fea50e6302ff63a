import Foundation
import Hummingbird
import SegmentModel
import SegmentStore

/// Query parameters read strictly: a bad value is a 400 page naming the parameter and what it accepts.
enum ConsoleQuery {
    /// `ReadRoutes.version`, naming the parameter in the message.
    static func version(_ text: String?, field: String) throws -> Int {
        do {
            return try ReadRoutes.version(text)
        } catch let error as APIError {
            throw APIError(error.status, "\(field): \(error.message)")
        }
    }

    static func optionalVersion(_ q: Hummingbird.Parameters, _ field: String) throws -> Int? {
        guard let text = q.get(field), !text.isEmpty else { return nil }
        return try version(text, field: field)
    }

    static func day(_ q: Hummingbird.Parameters, _ field: String) throws -> Day? {
        guard let text = q.get(field), !text.isEmpty else { return nil }
        guard let day = Day(text) else { throw APIError(.badRequest, "\(field): '\(text)' is not a date YYYY-MM-DD") }
        return day
    }

    static func timestamp(_ q: Hummingbird.Parameters, _ field: String) throws -> Date? {
        guard let text = q.get(field), !text.isEmpty else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw APIError(.badRequest, "\(field): '\(text)' is not a timestamp (2026-03-01T12:00:00Z) or a date (2026-03-01)")
        }
        return date
    }

    static func page(_ q: Hummingbird.Parameters) throws -> Int {
        guard let text = q.get("page"), !text.isEmpty else { return 1 }
        guard let n = Int(text), n >= 1, n <= 1_000_000 else {
            throw APIError(.badRequest, "page: '\(text)' is not a page number (1 or more)")
        }
        return n
    }

    static func flag(_ q: Hummingbird.Parameters, _ field: String) throws -> Bool {
        switch q.get(field) ?? "" {
        case "", "0", "false": return false
        case "1", "true": return true
        case let other: throw APIError(.badRequest, "\(field): '\(other)' is not 1 or 0")
        }
    }
}

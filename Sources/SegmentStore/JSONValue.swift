import Foundation

/// A JSON document of any shape: evidence in the audit log, monitor figures, API bodies.
///
/// Object keys encode sorted, so the same value always gives the same text (and the same hash).
public enum JSONValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d):
            if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Encodes any Encodable value into a JSONValue.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoderFactory.sorted().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public init(parsing text: String) throws {
        self = try JSONParser.parse(Array(text.utf8))
    }

    public init(parsing data: Data) throws {
        self = try JSONParser.parse(data)
    }

    /// Decodes this value as a Decodable type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoderFactory.sorted().encode(self))
    }

    /// Compact JSON text with sorted keys.
    public var text: String { (try? JSONEncoderFactory.text(self)) ?? "null" }
    public var description: String { text }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var intValue: Int? { doubleValue.flatMap { $0.rounded() == $0 && abs($0) < 9e15 ? Int($0) : nil } }

    public var doubleValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    public static func int(_ v: Int) -> JSONValue { .number(Double(v)) }
    public static func optional(_ v: Int?) -> JSONValue { v.map { .number(Double($0)) } ?? .null }
    public static func optional(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
    public static func optional(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
    public static func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
}

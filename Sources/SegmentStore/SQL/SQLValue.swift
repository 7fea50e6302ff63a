import Foundation

/// One value crossing into or out of either database engine: the five storage classes both SQLite and PostgreSQL
/// (as BIGINT, DOUBLE PRECISION, TEXT and BYTEA) hold for SegmentOps.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    case blob(Data)

    public var isNull: Bool { self == .null }
}

/// A Swift value that binds as an SQL argument and decodes from a column.
public protocol SQLValueConvertible: Sendable {
    var sqlValue: SQLValue { get }
    /// The value a column holds, or nil when it holds something else (NULL included).
    static func fromSQL(_ value: SQLValue) -> Self?
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(self) }
    public static func fromSQL(_ value: SQLValue) -> Int? {
        switch value {
        case .int(let v): v
        case .double(let v): v.rounded() == v && abs(v) < 9.0e18 ? Int(v) : nil
        case .text(let v): Int(v)
        default: nil
        }
    }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(Int(self)) }
    public static func fromSQL(_ value: SQLValue) -> Int64? { Int.fromSQL(value).map(Int64.init) }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
    public static func fromSQL(_ value: SQLValue) -> Bool? { Int.fromSQL(value).map { $0 != 0 } }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .double(self) }
    public static func fromSQL(_ value: SQLValue) -> Double? {
        switch value {
        case .double(let v): v
        case .int(let v): Double(v)
        case .text(let v): Double(v)
        default: nil
        }
    }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public static func fromSQL(_ value: SQLValue) -> String? {
        switch value {
        case .text(let v): v
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .blob(let v): String(data: v, encoding: .utf8)
        case .null: nil
        }
    }
}

extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
    public static func fromSQL(_ value: SQLValue) -> Data? {
        switch value {
        case .blob(let v): v
        case .text(let v): Data(v.utf8)
        default: nil
        }
    }
}

extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
    public static func fromSQL(_ value: SQLValue) -> SQLValue? { value }
}

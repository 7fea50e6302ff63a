import Foundation

/// One result row from either engine: column names and values in select order.
public struct SQLRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public func value(named name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    /// The column `name` as `T`. A stored value of another type is a corrupted database: the error names the
    /// column and what it held.
    public func get<T: SQLValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        let raw = value(named: name)
        guard let v = T.fromSQL(raw) else { throw StoreError.invalid("column \(name) holds \(raw), expected \(T.self)") }
        return v
    }

    /// The column `name`, nil when NULL.
    public func get<T: SQLValueConvertible>(_ name: String, as type: T?.Type = T?.self) throws -> T? {
        let raw = value(named: name)
        if raw.isNull { return nil }
        guard let v = T.fromSQL(raw) else { throw StoreError.invalid("column \(name) holds \(raw), expected \(T.self)") }
        return v
    }

    /// Non-throwing access in the style of GRDB's rows, for columns the schema declares NOT NULL.
    public subscript<T: SQLValueConvertible>(_ name: String) -> T {
        guard let v = T.fromSQL(value(named: name)) else {
            preconditionFailure("column \(name) holds \(value(named: name)), expected \(T.self)")
        }
        return v
    }

    public subscript<T: SQLValueConvertible>(_ name: String) -> T? {
        T.fromSQL(value(named: name))
    }

    public subscript<T: SQLValueConvertible>(_ index: Int) -> T? {
        index < values.count ? T.fromSQL(values[index]) : nil
    }

    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        guard index < values.count, let v = T.fromSQL(values[index]) else {
            preconditionFailure("column \(index) holds \(index < values.count ? values[index] : .null), expected \(T.self)")
        }
        return v
    }
}

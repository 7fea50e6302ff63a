import Foundation
import SegmentModel

/// Which engine runs the SQL: where the two dialects differ, a store asks.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// A double-quoted identifier (both engines quote them the same way).
    public static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Statements inside one transaction of either engine. SQL is written once with `?` placeholders in the subset both
/// engines speak (standard upserts, `RETURNING`, `TRUE`, `CAST`); PostgreSQL's executor numbers the placeholders.
public protocol SQLExecutor {
    var dialect: SQLDialect { get }
    /// Runs a statement; the number of rows it inserted, updated or deleted.
    @discardableResult
    func run(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> Int
    func rows(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [SQLRow]
    /// Calls `body` with each row in turn (SQLite steps through the statement; PostgreSQL receives the whole result
    /// first).
    func forEachRow(_ sql: String, _ arguments: [(any SQLValueConvertible)?], _ body: (SQLRow) throws -> Void) throws
}

extension SQLExecutor {
    @discardableResult
    public func run(_ sql: String) throws -> Int { try run(sql, []) }

    public func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    public func row(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, nil when there is no row or it is NULL.
    public func value<T: SQLValueConvertible>(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = [],
                                              as type: T.Type = T.self) throws -> T? {
        guard let first = try rows(sql, arguments).first?.values.first else { return nil }
        return T.fromSQL(first)
    }

    /// The first column of every row.
    public func values<T: SQLValueConvertible>(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = [],
                                               as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).compactMap { $0.values.first.flatMap(T.fromSQL) }
    }
}

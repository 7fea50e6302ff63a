import Foundation
import SegmentModel

/// Which engine runs the SQL: where the two dialects differ, a store asks.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// Statements inside one transaction of either engine. SQL is written once with `?` placeholders in the subset both
/// engines speak (standard upserts, `RETURNING`, `TRUE`, `CAST`); PostgreSQL's executor numbers the placeholders.
public protocol SQLExecutor {
    var dialect: SQLDialect { get }
    func run(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws
    func rows(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [SQLRow]
    /// Calls `body` with each row in turn without holding them all (large scans).
    func forEachRow(_ sql: String, _ arguments: [(any SQLValueConvertible)?], _ body: (SQLRow) throws -> Void) throws
}

extension SQLExecutor {
    public func run(_ sql: String) throws { try run(sql, []) }

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

/// Where the stores keep their data: the SQLite file or a PostgreSQL database. Writes are serialised (one writer at
/// a time, as SQLite has it), so a read-then-write inside `write` sees no other writer's changes.
public protocol StoreBackend: Sendable {
    var dialect: SQLDialect { get }
    var schema: SegmentSchema { get }
    /// Where the data is, safe to print (no password).
    var location: String { get }
    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// The schema migrations applied, in order (the same names on both engines).
    func appliedMigrations() throws -> [String]
}

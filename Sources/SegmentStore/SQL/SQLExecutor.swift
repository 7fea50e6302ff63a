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
    /// Runs a statement; the number of rows it inserted, updated or deleted.
    @discardableResult
    func run(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> Int
    func rows(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [SQLRow]
    /// Calls `body` with each row in turn without holding them all (large scans).
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
    /// Pushes production changes to this process, where the engine can.
    var productionWatch: (any ProductionWatch)? { get }
}

extension StoreBackend {
    /// A write whose body may decide to roll back (a file that changes nothing leaves no trace): it returns its
    /// result and whether to commit.
    public func write<T>(rollingBackUnless body: (any SQLExecutor) throws -> (result: T, commit: Bool)) throws -> T {
        var result: T?
        do {
            try write { db in
                let (r, commit) = try body(db)
                result = r
                if !commit { throw RollBack() }
            }
        } catch is RollBack {}
        return result!
    }
}

/// Thrown inside a write to undo it without an error reaching the caller.
private struct RollBack: Error {}

/// The production version as this process last heard it, kept current by the engine's change notifications (with a
/// periodic check as backstop): reading it costs no round trip.
public protocol ProductionWatch: Sendable {
    func currentProduction() throws -> Int?
}

extension StoreBackend {
    /// Nil where readers check for changes themselves (SQLite: the WAL index).
    public var productionWatch: (any ProductionWatch)? { nil }
}

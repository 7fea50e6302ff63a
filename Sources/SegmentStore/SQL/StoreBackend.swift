import Foundation
import SegmentModel

/// Where the stores keep their data: the SQLite file or a PostgreSQL database. Writes are serialised (one writer at
/// a time, as SQLite has it), so a read-then-write inside `write` sees no other writer's changes.
public protocol StoreBackend: Sendable {
    var dialect: SQLDialect { get }
    var schema: SegmentSchema { get }
    /// Where the data is, safe to print (no password).
    var location: String { get }
    @discardableResult
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

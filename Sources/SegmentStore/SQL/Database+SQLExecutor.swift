import Foundation
import GRDB
import SegmentModel

/// GRDB's connection runs the backend-neutral SQL directly (the statements are cached per connection).
extension Database: SQLExecutor {
    public var dialect: SQLDialect { .sqlite }

    @discardableResult
    public func run(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> Int {
        if arguments.isEmpty && sql.contains(";") {
            try execute(sql: sql)
        } else {
            try cachedStatement(sql: sql).execute(arguments: Self.grdbArguments(arguments))
        }
        return changesCount
    }

    public func rows(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [SQLRow] {
        var result: [SQLRow] = []
        try forEachRow(sql, arguments) { result.append($0) }
        return result
    }

    public func forEachRow(_ sql: String, _ arguments: [(any SQLValueConvertible)?],
                           _ body: (SQLRow) throws -> Void) throws {
        let statement = try cachedStatement(sql: sql)
        let columns = statement.columnNames
        let cursor = try Row.fetchCursor(statement, arguments: Self.grdbArguments(arguments))
        while let row = try cursor.next() {
            try body(SQLRow(columns: columns, values: row.databaseValues.map(Self.sqlValue)))
        }
    }

    static func grdbArguments(_ arguments: [(any SQLValueConvertible)?]) -> StatementArguments {
        StatementArguments(arguments.map { argument -> (any DatabaseValueConvertible)? in
            switch argument?.sqlValue ?? .null {
            case .null: nil
            case .int(let v): v
            case .double(let v): v
            case .text(let v): v
            case .blob(let v): v
            }
        })
    }

    static func sqlValue(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .int(Int(v))
        case .double(let v): .double(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(v)
        }
    }
}

extension SegmentDatabase: StoreBackend {
    public var dialect: SQLDialect { .sqlite }
    public var location: String { path }

    @discardableResult
    public func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try writer.write { db in try body(db) }
    }

    public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try writer.read { db in try body(db) }
    }
}

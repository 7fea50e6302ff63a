import Foundation
import GRDB

/// A value read from one result row of either engine.
public protocol SQLRecord {
    init(row: SQLRow) throws
}

extension SQLExecutor {
    public func records<T: SQLRecord>(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = [],
                                      as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).map { try T(row: $0) }
    }

    public func record<T: SQLRecord>(_ sql: String, _ arguments: [(any SQLValueConvertible)?] = [],
                                     as type: T.Type = T.self) throws -> T? {
        try rows(sql, arguments).first.map { try T(row: $0) }
    }
}

extension SQLRow {
    /// A GRDB row, for records still read through GRDB's own fetch methods.
    public init(_ row: Row) {
        self.init(columns: Array(row.columnNames), values: row.databaseValues.map(Database.sqlValue))
    }
}

import GRDB
import GRDBSQLite

extension Statement {
    /// Steps the statement with the SQLite C API, for the hot loops that read or write columns directly.
    /// Returns SQLITE_ROW or SQLITE_DONE; any other result resets the statement and throws GRDB's error.
    func step(_ db: Database) throws -> Int32 {
        let code = sqlite3_step(sqliteStatement)
        guard code == SQLITE_ROW || code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        return code
    }
}

import Foundation
import GRDB
import GRDBSQLite

/// The ingest hot loop: binds one observation to the prepared INSERT with the SQLite C API and steps it, without
/// building an argument array per row (this doubles the store rate over `StatementArguments`). Used only inside
/// GRDB's own database access; everything else goes through GRDB.
struct InsertBinder {
    let statement: Statement
    let featureCount: Int

    /// SQLite copies bound text (the SQLITE_TRANSIENT destructor).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts (as_of, customer_id, features…, segment, batch_id, labelled_on); returns false when the key already
    /// existed.
    func insert(_ db: Database, asOf: String, customerID: String, features: UnsafeBufferPointer<Double>,
                segment: String?, batchID: Int, labelledOn: String?) throws -> Bool {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_text(s, 1, asOf, -1, InsertBinder.transient)
        // The explicit byte length keeps the id exact (a length of -1 would stop at a NUL byte).
        sqlite3_bind_text(s, 2, customerID, Int32(customerID.utf8.count), InsertBinder.transient)
        for j in 0..<featureCount { sqlite3_bind_double(s, Int32(3 + j), features[j]) }
        if let segment {
            sqlite3_bind_text(s, Int32(featureCount + 3), segment, -1, InsertBinder.transient)
        } else {
            sqlite3_bind_null(s, Int32(featureCount + 3))
        }
        sqlite3_bind_int64(s, Int32(featureCount + 4), Int64(batchID))
        if let labelledOn {
            sqlite3_bind_text(s, Int32(featureCount + 5), labelledOn, -1, InsertBinder.transient)
        } else {
            sqlite3_bind_null(s, Int32(featureCount + 5))
        }
        _ = try statement.step(db)
        return sqlite3_changes(db.sqliteConnection) == 1
    }
}

import Foundation
import GRDB

extension MonitorRunStore {
    /// The figures of the newest `limit` runs of `kind`, decoded straight from their stored JSON as `T` (a type may
    /// declare only the fields it reads), oldest first. Runs whose figures do not decode as `T` are left out.
    public func figures<T: Decodable>(_ type: T.Type, kind: String, limit: Int) throws -> [T] {
        let texts = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT figures FROM monitor_run WHERE kind = ? ORDER BY id DESC LIMIT ?",
                                arguments: [kind, limit])
        }
        let decoder = JSONDecoder()
        return texts.reversed().compactMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }
}

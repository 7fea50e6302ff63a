import Foundation

extension MonitorRunStore {
    /// The figures of the newest `limit` runs of `kind`, decoded straight from their stored JSON as `T` (a type may
    /// declare only the fields it reads), oldest first. Runs whose figures do not decode as `T` are left out.
    public func figures<T: Decodable>(_ type: T.Type, kind: String, limit: Int) throws -> [T] {
        let texts = try backend.read { db in
            try db.values("SELECT figures FROM monitor_run WHERE kind = ? ORDER BY id DESC LIMIT ?",
                                [kind, limit], as: String.self)
        }
        let decoder = JSONDecoder()
        return texts.reversed().compactMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }
}

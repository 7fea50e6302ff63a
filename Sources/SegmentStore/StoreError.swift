import SegmentModel

/// What went wrong in the store, and what to do about it.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case databaseMissing(path: String)
    case schemaMismatch(database: [String], configured: [String], what: String)
    case newerDatabase(migrations: [String])
    case unknownVersion(Int)
    case noVersions
    case artifactTampered(version: Int, stored: String, computed: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            "no SegmentOps database at \(path); create it with `segmentops init --db \(path)` or pass --db / SEGMENTOPS_DB"
        case .schemaMismatch(let database, let configured, let what):
            "this database was initialised for \(what) [\(database.joined(separator: ", "))] but the configuration declares [\(configured.joined(separator: ", "))]; use the original configuration or a new database"
        case .newerDatabase(let migrations):
            "the database has migrations this segmentops does not know (\(migrations.joined(separator: ", "))); upgrade segmentops"
        case .unknownVersion(let v):
            "model version \(v) does not exist; see `segmentops registry list`"
        case .noVersions:
            "there are no model versions yet; train one with `segmentops train --as-of DATE`"
        case .artifactTampered(let v, let stored, let computed):
            "artifact of version \(v) does not match its SHA-256 (stored \(stored.prefix(12))…, computed \(computed.prefix(12))…); refusing to use it — run `segmentops registry verify` and restore the database from backup"
        case .invalid(let message):
            message
        }
    }
}

extension StoreError {
    /// A store initialised for one feature and segment list refuses a configuration with another.
    public static func checkBinding(stored: SegmentSchema, configured: SegmentSchema) throws {
        if stored.features != configured.features {
            throw StoreError.schemaMismatch(database: stored.features, configured: configured.features, what: "features")
        }
        if stored.segments != configured.segments {
            throw StoreError.schemaMismatch(database: stored.segments, configured: configured.segments, what: "segments")
        }
    }
}

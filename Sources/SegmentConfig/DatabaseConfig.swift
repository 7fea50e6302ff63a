/// Where the data lives (`database:` in `segmentops.yaml`). Without a URL, the SQLite file named by `--db`,
/// `SEGMENTOPS_DB` or `./segmentops.db`; with `url: postgres://user:password@host:port/database`, a PostgreSQL
/// database several supervisors can share. `--db` and `SEGMENTOPS_DB` still take precedence.
public struct DatabaseConfig: Sendable, Equatable {
    public var url: String?
    public init() {}
}

/// Where a version stands. At most one version is `production` at any time (a unique index enforces it).
public enum ModelStage: String, Sendable, Codable, CaseIterable {
    /// Trained and registered, never served.
    case candidate
    /// Serving now.
    case production
    /// Served before and was replaced by a promotion: a rollback target.
    case archived
    /// Refused by a release manager or the gates: never to serve without `--force`.
    case rejected
    /// Removed from production by a rollback: never to serve without `--force`.
    case rolledBack = "rolled_back"
}

/// Which release policy the nightly job follows. Only `configured` runs in production; the other two are the
/// naive baselines `replay --compare-policies` measures it against.
public enum ReleasePolicy: String, Sendable, Codable, CaseIterable {
    /// Gates, remedial promotion, challengers, automatic rollback: `release` in the configuration.
    case configured
    /// Promote every night's standard candidate, whatever its gates say; never roll back.
    case alwaysNewest = "always_newest"
    /// Promote the first version and keep it.
    case frozen
}

/// What happens to the simulated population after the change day.
public enum Scenario: String, Sendable, CaseIterable, Codable {
    /// Slow, balanced movement between segments; nothing changes.
    case stable
    /// The segment mix shifts quickly (acquirers become builders, builders graduate), while the relationship
    /// between features and segments holds: data drift without concept drift.
    case migration
    /// Builders start behaving like acquirers on credit-access features: a frozen model mistakes them for
    /// acquirers, its accuracy decays and its harm rate rises.
    case concept
    /// One feature switches units (utilization ratio reported in percent) and another goes dead
    /// (monitoring sessions always 0).
    case brokenFeed = "broken_feed"

    public var summary: String {
        switch self {
        case .stable: "a stable population: no drift"
        case .migration: "segment mix shifts from the change day; features still mean the same"
        case .concept: "builders start to look like acquirers from the change day (concept drift)"
        case .brokenFeed: "utilization_ratio switches to percent and monitoring_sessions goes dead from the change day"
        }
    }
}

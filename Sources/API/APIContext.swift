import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentStore

/// What the routes work with.
public struct APIEnvironment: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let models: ModelCache
    public let metrics: APIMetrics
    public let authorizer: Authorizer
    /// Rules loaded at start (for readiness), nil if alerting is not set up.
    public let rulesLoaded: Int?
    public let now: @Sendable () -> Date
    /// This process's place among the supervisors (`/healthz`); nil for an API without a supervisor (`serve`).
    public let leadership: (any LeaderElection)?
    /// The leader as last read from the store, for `/healthz` without a supervisor.
    let leaderSeen = RecentValue<LeaderInfo?>(maxAge: 1)

    public init(database: any StoreBackend, config: SegmentOpsConfig, metrics: APIMetrics = APIMetrics(), rulesLoaded: Int?,
                leadership: (any LeaderElection)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.leadership = leadership
        self.database = database
        self.config = config
        models = ModelCache(database: database)
        self.metrics = metrics
        authorizer = Authorizer(tokens: config.api.tokens, host: config.api.host)
        self.rulesLoaded = rulesLoaded
        self.now = now
    }

    /// Starting on a non-loopback address with no tokens would leave mutations and reads open: refused.
    public static func validateExposure(_ config: SegmentOpsConfig) throws {
        if !Authorizer.isLoopback(config.api.host) && config.api.tokens.isEmpty {
            throw APIError(.internalServerError, "refusing to listen on \(config.api.host): no api.tokens are configured; add tokens (viewer, release-manager, operator) or listen on 127.0.0.1")
        }
    }
}

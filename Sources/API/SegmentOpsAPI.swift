import Foundation
import Hummingbird
import Logging
import SegmentConfig
import SegmentStore

/// Builds the HTTP API.
public enum SegmentOpsAPI {
    public static func buildRouter(_ env: APIEnvironment) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(JSONErrorMiddleware())
        router.middlewares.add(BodyLimitMiddleware(maxBytes: env.config.api.maxBodyBytes))
        router.middlewares.add(ReadAccessMiddleware(authorizer: env.authorizer))
        ScoreRoutes(env: env).add(to: router)
        ReadRoutes(env: env).add(to: router)
        MutationRoutes(env: env).add(to: router)
        FairnessRoutes(env: env).add(to: router)
        ConsoleRoutes(env: env).add(to: router)
        return router
    }

    /// The server, listening where `api.host`/`api.port` say (refused on a non-loopback address without tokens).
    public static func buildApplication(_ env: APIEnvironment, logger: Logger,
                                        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> some ApplicationProtocol {
        try APIEnvironment.validateExposure(env.config)
        return Application(
            router: buildRouter(env),
            server: .guardedHTTP1(env.config.api),
            configuration: .init(address: .hostname(env.config.api.host, port: env.config.api.port), serverName: "segmentops"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

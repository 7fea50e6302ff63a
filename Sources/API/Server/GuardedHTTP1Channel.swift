import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import SegmentConfig

/// Hummingbird's HTTP/1.1 child channel with the API's defences added: a first-byte handler ahead of the HTTP
/// decoder and `ConnectionGuardHandler` after it (header and body timeouts, JSON answers to malformed requests,
/// closing after 413/408). Request handling itself is Hummingbird's (`handleHTTP`).
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: APIConfig

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let progress = RequestProgress()
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(FirstByteHandler(progress: progress))
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: .init())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(ConnectionGuardHandler(progress: progress, headerTimeout: limits.headerTimeout,
                                                           bodyTimeout: limits.bodyTimeout))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: .nanoseconds(Int64(limits.idleTimeout * 1e9)),
                                                               logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the API's limits and timeouts.
    static func guardedHTTP1(_ limits: APIConfig) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits) }
    }
}

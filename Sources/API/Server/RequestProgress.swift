import NIOCore

/// Where the connection is in its current request, shared by the two guard handlers of one connection (both run
/// on the connection's event loop).
final class RequestProgress {
    enum Phase {
        /// Waiting for the first byte of the next request.
        case idle
        /// Bytes of a request line or headers have arrived; the head is not complete.
        case head
        /// The head is complete; the body (or its end) is still arriving.
        case body
        /// The request is complete; its response is being produced.
        case responding
    }

    var phase = Phase.idle
    /// Called once when the first byte of a request arrives.
    var onFirstByte: (() -> Void)?
}

/// First in the pipeline: notices the first raw byte of each request, before any HTTP parsing, so a client that
/// trickles its request line is timed from its first byte.
final class FirstByteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let progress: RequestProgress

    init(progress: RequestProgress) { self.progress = progress }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if progress.phase == .idle {
            progress.phase = .head
            progress.onFirstByte?()
        }
        context.fireChannelRead(data)
    }
}

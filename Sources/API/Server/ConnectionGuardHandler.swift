import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import SegmentStore

/// Defends the server against slow and malformed clients, after HTTP decoding:
///
/// - the request line and headers must arrive within `headerTimeout` of their first byte, the body within
///   `bodyTimeout` of the headers; otherwise the client gets `408` (as JSON) and the connection is closed;
/// - a request the HTTP parser rejects (an oversized URL or header block, bad syntax) gets a JSON `431` or `400`
///   instead of an empty body;
/// - a response marked `Connection: close` (413, 408) closes the connection once written, after a short lingering
///   read so the client sees the response rather than a reset.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Thrown into the request body when it does not arrive in time; the API answers it with 408.
    struct BodyTimeout: Error, CustomStringConvertible {
        let seconds: Double
        var description: String { "the request body did not arrive within \(seconds) s" }
    }

    let progress: RequestProgress
    let headerTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    let headerSeconds: Double
    let bodySeconds: Double
    private var timer: Scheduled<Void>?
    private var closeAfterResponse = false
    private var closing = false

    init(progress: RequestProgress, headerTimeout: Double, bodyTimeout: Double) {
        self.progress = progress
        headerSeconds = headerTimeout
        bodySeconds = bodyTimeout
        self.headerTimeout = .nanoseconds(Int64(headerTimeout * 1e9))
        self.bodyTimeout = .nanoseconds(Int64(bodyTimeout * 1e9))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        progress.onFirstByte = {
            let (handler, context) = loopBound.value
            handler.arm(context, after: handler.headerTimeout) { handler, context in
                handler.reject(context, status: .requestTimeout,
                               message: "the request line and headers did not arrive within \(handler.headerSeconds) s")
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        progress.onFirstByte = nil
        cancelTimer()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing { return }  // lingering: discard what the client still sends
        switch unwrapInboundIn(data) {
        case .head:
            progress.phase = .body
            arm(context, after: bodyTimeout) { handler, context in
                handler.closeAfterResponse = true
                context.fireErrorCaught(BodyTimeout(seconds: handler.bodySeconds))
            }
        case .body:
            break
        case .end:
            cancelTimer()
            progress.phase = .responding
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.status == .contentTooLarge || head.status == .requestTimeout { closeAfterResponse = true }
            if closeAfterResponse && head.headerFields[.connection] != "close" {
                head.headerFields[.connection] = "close"
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if closeAfterResponse {
                context.writeAndFlush(data, promise: promise)
                lingerAndClose(context)
            } else {
                context.write(data, promise: promise)
                // A body still arriving after the response (e.g. a 401 to an upload) stays under the body timer.
                if progress.phase == .responding { progress.phase = .idle }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, progress.phase == .idle || progress.phase == .head else {
            context.fireErrorCaught(error)
            return
        }
        if case .headerOverflow = parseError {
            reject(context, status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                   message: "the request line or headers are too large (limit 80 KiB)")
        } else {
            reject(context, status: .badRequest, message: "malformed HTTP request (\(parseError))")
        }
    }

    // MARK: - Helpers

    /// Answers with a JSON error and closes; used only while no request is being handled.
    private func reject(_ context: ChannelHandlerContext, status: HTTPResponse.Status, message: String) {
        guard !closing else { return }
        cancelTimer()
        let body = ByteBuffer(string: "{\"error\":\(ScoreLine.quote(message)),\"status\":\(status.code)}")
        var head = HTTPResponse(status: status)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        lingerAndClose(context)
    }

    /// Half-closes, discards the client's remaining bytes for a moment, then closes.
    private func lingerAndClose(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        cancelTimer()
        context.close(mode: .output, promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) {
            loopBound.value.close(promise: nil)
        }
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount,
                     _ fire: @escaping (ConnectionGuardHandler, ChannelHandlerContext) -> Void) {
        cancelTimer()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            fire(handler, context)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}

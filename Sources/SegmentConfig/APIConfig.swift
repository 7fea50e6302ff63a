/// The HTTP API: where it listens, who may use it, and the limits that keep a slow or hostile client from holding
/// the server.
public struct APIConfig: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var tokens: [APIToken] = []
    /// The largest request body accepted (413 above it). The default holds a 100,000-row scoring batch.
    public var maxBodyBytes = 64 << 20
    /// The request line and headers must arrive within this many seconds of the first byte (408 otherwise).
    public var headerTimeout: Double = 10
    /// The body must arrive within this many seconds of the headers (408 otherwise).
    public var bodyTimeout: Double = 60
    /// A kept-alive connection with no request for this long is closed.
    public var idleTimeout: Double = 75
    public init() {}
}

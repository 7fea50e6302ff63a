import Foundation

/// One HTTP request the outbox sends.
public struct HTTPRequest: Sendable, Equatable {
    public var url: String
    public var method = "POST"
    public var headers: [(String, String)]
    public var body: Data

    public init(url: String, headers: [(String, String)], body: Data) {
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.url == rhs.url && lhs.method == rhs.method && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }
}

/// What came back: a status and headers, or a transport error (no response).
public struct HTTPResult: Sendable, Equatable {
    public var status: Int?
    public var headers: [String: String]
    public var body: Data
    public var error: String?

    public init(status: Int?, headers: [String: String] = [:], body: Data = Data(), error: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error
    }

    public var isSuccess: Bool { (200..<300).contains(status ?? 0) }
}

/// Sends requests; the production implementation is `CurlTransport`.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, connectTimeout: Double, timeout: Double) async -> HTTPResult
}

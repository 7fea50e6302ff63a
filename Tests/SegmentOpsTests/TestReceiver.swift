import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A webhook receiver on 127.0.0.1 for tests: answers with scripted statuses and records every request.
final class TestReceiver: @unchecked Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: Data
        let status: Int
    }

    private let lock = NSLock()
    private var script: [(Int, [String: String])]
    private var fallback: Int
    private var received: [Received] = []
    private var group: ServiceGroup?
    private var boundPort = 0

    /// - Parameters:
    ///   - script: statuses (and extra response headers) for the first requests, in order.
    ///   - fallback: the status after the script runs out.
    init(script: [(Int, [String: String])] = [], fallback: Int = 200) {
        self.script = script
        self.fallback = fallback
    }

    var requests: [Received] { lock.withLock { received } }
    var port: Int { lock.withLock { boundPort } }
    var url: String { "http://127.0.0.1:\(port)/hook" }

    func setFallback(_ status: Int) { lock.withLock { fallback = status } }

    /// Starts listening on `port` (0 = any free port) and waits until it does.
    func start(port: Int = 0) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers = [String: String]()
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let (status, extra) = self.lock.withLock { () -> (Int, [String: String]) in
                let next = self.script.isEmpty ? (self.fallback, [:]) : self.script.removeFirst()
                self.received.append(Received(headers: headers, body: Data(buffer: body), status: next.0))
                return next
            }
            var response = Response(status: .init(code: status))
            for (k, v) in extra { response.headers[.init(k)!] = v }
            return response
        }
        var logger = Logger(label: "test.receiver")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in self.lock.withLock { self.boundPort = channel.localAddress?.port ?? 0 } },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        lock.withLock { self.group = group }
        Task { try? await group.run() }
        for _ in 0..<500 where self.port == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
    }

    func stop() async {
        let group = lock.withLock { self.group }
        await group?.triggerGracefulShutdown()
        for _ in 0..<100 {
            if (try? TestReceiver.isListening(port)) == false { break }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// A port nothing listens on (bound and released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func isListening(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        return result == 0
    }
}

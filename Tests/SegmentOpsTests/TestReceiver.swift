import Foundation

/// A webhook receiver on 127.0.0.1 for tests: answers with scripted statuses and records every request.
///
/// A plain blocking socket server on its own thread, so it answers even while other tests keep Swift's
/// cooperative threads busy with heavy synchronous work.
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
    private var delay: useconds_t = 0
    private var listener: Int32 = -1
    private var boundPort = 0
    private var running = false

    init(script: [(Int, [String: String])] = [], fallback: Int = 200) {
        self.script = script
        self.fallback = fallback
    }

    var requests: [Received] { lock.withLock { received } }
    var port: Int { lock.withLock { boundPort } }
    var url: String { "http://127.0.0.1:\(port)/hook" }

    func setFallback(_ status: Int) { lock.withLock { fallback = status } }

    /// Answers each request only after `seconds` (a slow receiver).
    func setDelay(_ seconds: Double) { lock.withLock { delay = useconds_t(seconds * 1_000_000) } }

    /// A receiver already listening on `port` (0 = any free port); stop it with `defer { receiver.stop() }`.
    static func started(script: [(Int, [String: String])] = [], fallback: Int = 200, port: Int = 0) throws -> TestReceiver {
        let receiver = TestReceiver(script: script, fallback: fallback)
        try receiver.start(port: port)
        return receiver
    }

    /// Starts listening on `port` (0 = any free port).
    func start(port: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        lock.withLock {
            listener = fd
            boundPort = Int(UInt16(bigEndian: addr.sin_port))
            running = true
        }
        let thread = Thread { [self] in serve(fd) }
        thread.start()
    }

    func stop() {
        let fd = lock.withLock { () -> Int32 in
            running = false
            return listener
        }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve(_ fd: Int32) {
        while lock.withLock({ running }) {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            handle(client)
            close(client)
        }
    }

    /// Reads one HTTP/1.1 request (headers, then Content-Length bytes) and answers it.
    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let n = read(client, &buffer, buffer.count)
            guard n > 0 else { return }
            data.append(contentsOf: buffer[0..<n])
            headerEnd = data.range(of: Data("\r\n\r\n".utf8))
        }
        let head = String(decoding: data[..<headerEnd!.lowerBound], as: UTF8.self)
        var headers = [String: String]()
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(data[headerEnd!.upperBound...])
        while body.count < length {
            let n = read(client, &buffer, min(buffer.count, length - body.count))
            guard n > 0 else { return }
            body.append(contentsOf: buffer[0..<n])
        }
        let wait = lock.withLock { delay }
        if wait > 0 { usleep(wait) }
        let (status, extra) = lock.withLock { () -> (Int, [String: String]) in
            let next = script.isEmpty ? (fallback, [:]) : script.removeFirst()
            received.append(Received(headers: headers, body: body, status: next.0))
            return next
        }
        var response = "HTTP/1.1 \(status) Scripted\r\nContent-Length: 0\r\nConnection: close\r\n"
        for (k, v) in extra { response += "\(k): \(v)\r\n" }
        response += "\r\n"
        _ = response.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
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
        let fd = connectLoopback(port)
        defer { if fd >= 0 { close(fd) } }
        return fd >= 0
    }

    /// A TCP socket connected to 127.0.0.1:`port`, or -1.
    static func connectLoopback(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if result != 0 { close(fd); return -1 }
        return fd
    }
}

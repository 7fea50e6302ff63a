import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 client on a raw socket, for requests no ordinary client would send: oversized, malformed,
/// trickled one byte at a time.
struct RawHTTP {
    struct Answer {
        let status: Int?
        let headers: [String: String]
        let body: String
        /// The server closed the connection after answering.
        let closed: Bool
    }

    let port: Int

    /// Sends `parts` with `pause` seconds between them (stopping early if the server closes), then reads the
    /// answer for up to `timeout` seconds. The blocking socket work runs on a thread of its own: blocking Swift's
    /// cooperative threads would starve the server under test, whose handlers run there.
    func send(_ parts: [Data], pause: Double = 0, timeout: Double = 10) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingSend(parts, pause: pause, timeout: timeout) }) }.start()
        }
    }

    private func blockingSend(_ parts: [Data], pause: Double, timeout: Double) throws -> Answer {
        let fd = TestReceiver.connectLoopback(port)
        guard fd >= 0 else { throw POSIXError(.ECONNREFUSED) }
        defer { close(fd) }
        for (i, part) in parts.enumerated() {
            if i > 0 && pause > 0 { usleep(useconds_t(pause * 1_000_000)) }
            let sent = part.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 { break }
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = false
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { closed = true; break }
            if n < 0 { closed = errno == ECONNRESET; break }
            data.append(contentsOf: buffer[0..<n])
            if let complete = RawHTTP.complete(data), complete, !RawHTTP.closes(data) { break }
        }
        return RawHTTP.parse(data, closed: closed)
    }

    /// Whether `data` holds a whole response (headers and Content-Length bytes of body).
    static func complete(_ data: Data) -> Bool? {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
        return data.count - end.upperBound >= length
    }

    static func closes(_ data: Data) -> Bool {
        String(decoding: data.prefix(4096), as: UTF8.self).lowercased().contains("connection: close")
    }

    static func parse(_ data: Data, closed: Bool) -> Answer {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            return Answer(status: nil, headers: [:], body: String(decoding: data, as: UTF8.self), closed: closed)
        }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
        var headers = [String: String]()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: String(decoding: data[end.upperBound...], as: UTF8.self), closed: closed)
    }

    static func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data = Data()) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        return Data((head + "\r\n").utf8) + body
    }
}

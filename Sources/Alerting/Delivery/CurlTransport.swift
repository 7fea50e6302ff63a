import CCurl
import Foundation

/// HTTP through libcurl: one easy handle per request, `CURLOPT_NOSIGNAL`, TLS verification on, no redirects,
/// http and https only. The blocking `curl_easy_perform` runs on a dedicated dispatch queue, never on Swift's
/// cooperative thread pool.
public struct CurlTransport: HTTPTransport {
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
    private static let queue = DispatchQueue(label: "segmentops.curl", qos: .utility, attributes: .concurrent)

    public init() { _ = CurlTransport.globalInit }

    public func send(_ request: HTTPRequest, connectTimeout: Double, timeout: Double) async -> HTTPResult {
        await withCheckedContinuation { continuation in
            CurlTransport.queue.async {
                continuation.resume(returning: CurlTransport.perform(request, connectTimeout: connectTimeout, timeout: timeout))
            }
        }
    }

    /// Collects the response body and header lines.
    final class Sink {
        var body = Data()
        var headerLines = [String]()
        let limit = 1 << 20
    }

    static func perform(_ request: HTTPRequest, connectTimeout: Double, timeout: Double) -> HTTPResult {
        guard let handle = curl_easy_init() else { return HTTPResult(status: nil, error: "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for (name, value) in request.headers { headers = curl_slist_append(headers, "\(name): \(value)") }
        headers = curl_slist_append(headers, "Expect:")  // no 100-continue round trip

        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let bodyWriter: segops_curl_write_callback = { data, size, count, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if let data, sink.body.count < sink.limit { sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: n) }
            return n
        }
        let headerWriter: segops_curl_write_callback = { data, size, count, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if let data {
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
                sink.headerLines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return n
        }

        var code = request.body.withUnsafeBytes { body -> CURLcode in
            var c = segops_curl_setopt_string(handle, CURLOPT_URL, request.url)
            func set(_ result: CURLcode) { if c == CURLE_OK { c = result } }
            set(segops_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
            set(segops_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
            set(segops_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
            set(segops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
            set(segops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
            set(segops_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000)))
            set(segops_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000)))
            set(segops_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            set(segops_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
            set(segops_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress)))
            set(segops_curl_setopt_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            set(segops_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, bodyWriter))
            set(segops_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
            set(segops_curl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, headerWriter))
            set(segops_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
            set(segops_curl_setopt_string(handle, CURLOPT_USERAGENT, "segmentops/0.1"))
            guard c == CURLE_OK else { return c }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            return HTTPResult(status: nil, error: "curl: \(String(cString: curl_easy_strerror(code)))")
        }
        var status = 0
        code = segops_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var responseHeaders = [String: String]()
        for line in sink.headerLines {
            if line.hasPrefix("HTTP/") { responseHeaders.removeAll() }  // keep the final response's headers
            guard let colon = line.firstIndex(of: ":") else { continue }
            responseHeaders[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPResult(status: status, headers: responseHeaders, body: sink.body)
    }
}

import Foundation

/// Full-jitter exponential backoff, `Retry-After`, and which responses are permanent.
public struct RetryPolicy: Sendable {
    public let base: Double
    public let cap: Double
    public let giveUpAfter: Double

    public init(base: Double, cap: Double, giveUpAfter: Double) {
        self.base = base
        self.cap = cap
        self.giveUpAfter = giveUpAfter
    }

    /// Delay before attempt `attempts + 1`: uniform in [0, min(cap, base · 2^attempts)].
    public func backoff(attempts: Int, random: Double) -> Double {
        let ceiling = min(cap, base * pow(2, Double(min(attempts, 40))))
        return ceiling * min(max(random, 0), 1)
    }

    /// What to do after a failed attempt (`result` not a 2xx).
    public enum Next: Sendable, Equatable {
        /// A permanent client error: retrying will not help.
        case permanent(status: Int)
        /// Try again at this time.
        case retry(at: Date)
    }

    /// The next step after a failed attempt that finished at `finished`: a permanent 4xx, or a retry after full-jitter
    /// backoff (or the server's `Retry-After` on 429/503).
    public func next(after result: HTTPResult, attempts: Int, finished: Date, random: Double) -> Next {
        if let status = result.status, RetryPolicy.isPermanent(status: status) { return .permanent(status: status) }
        var delay = backoff(attempts: attempts, random: random)
        if let status = result.status, status == 429 || status == 503,
           let after = RetryPolicy.retryAfter(result.headers["retry-after"], now: finished) {
            delay = after
        }
        return .retry(at: finished.addingTimeInterval(delay))
    }

    /// A 4xx other than 408 (timeout) and 429 (rate limit) will not succeed by retrying.
    public static func isPermanent(status: Int) -> Bool {
        (400..<500).contains(status) && status != 408 && status != 429
    }

    /// Seconds from a `Retry-After` header (delta-seconds or an HTTP date).
    public static func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store lives, from a `postgres://user:password@host:port/database?sslmode=…` URL. Missing parts
/// come from the usual PG* environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), then libpq's
/// defaults (localhost, 5432, the login name, a database named after the user).
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw PostgresStoreError.badURL(text: Self.redact(text), reason: "expected postgres://user:password@host:port/database")
        }
        func env(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGHOST") ?? "localhost"
        if let p = url.port {
            port = p
        } else if let p = env("PGPORT") {
            guard let n = Int(p), (1...65535).contains(n) else {
                throw PostgresStoreError.badURL(text: Self.redact(text), reason: "PGPORT '\(p)' is not a port number")
            }
            port = n
        } else {
            port = 5432
        }
        user = url.user.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? env("PGUSER") ?? env("USER") ?? "postgres"
        password = url.password.flatMap { $0.removingPercentEncoding } ?? env("PGPASSWORD")
        let path = String(url.path.drop(while: { $0 == "/" }))
        database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGDATABASE") ?? user
        let mode = url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? env("PGSSLMODE") ?? "disable"
        guard let ssl = SSLMode(rawValue: mode) else {
            throw PostgresStoreError.badURL(text: Self.redact(text), reason: "sslmode '\(mode)' is not one of disable, prefer, require")
        }
        sslMode = ssl
        if let unknown = url.queryItems?.first(where: { $0.name != "sslmode" }) {
            throw PostgresStoreError.badURL(text: Self.redact(text), reason: "unknown parameter '\(unknown.name)' (only sslmode is read)")
        }
    }

    /// The same server, another database (tests and `store copy` create their own).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL without its password: safe for logs, errors and `status`.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The URL with its password, for handing to another process.
    public var url: String {
        let pass = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? $0) } ?? ""
        return "postgres://\(user)\(pass)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", "segmentops")]
        return configuration
    }

    static func redact(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? text
    }
}

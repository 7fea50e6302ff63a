import Foundation
import PostgresNIO

/// What went wrong talking to PostgreSQL, with the server's own words and what to do next.
public enum PostgresStoreError: Error, CustomStringConvertible, Equatable {
    case badURL(text: String, reason: String)
    case unreachable(location: String, reason: String)
    /// The server refused a statement: its SQLSTATE code and message.
    case server(sqlState: String, message: String, detail: String?)
    case connectionLost(location: String, reason: String)
    /// This process led under `epoch`, but another supervisor has taken over: its write was refused.
    case fenced(epoch: Int, current: Int?)

    public var description: String {
        switch self {
        case .badURL(let text, let reason):
            "bad PostgreSQL URL \(text): \(reason)"
        case .unreachable(let location, let reason):
            "cannot connect to \(location): \(reason); is the server running and does the URL (or PGHOST, PGPORT, PGUSER, PGPASSWORD) name it?"
        case .server(let state, let message, let detail):
            "PostgreSQL refused the statement (SQLSTATE \(state)): \(message)" + (detail.map { " (\($0))" } ?? "")
        case .connectionLost(let location, let reason):
            "lost the connection to \(location): \(reason); the transaction was not committed, retry"
        case .fenced(let epoch, let current):
            "this supervisor led under epoch \(epoch) but the database is at epoch \(current.map(String.init) ?? "none"): another supervisor leads now, so the write was refused"
        }
    }

    /// The SQLSTATE code when the server refused the statement.
    public var sqlState: String? {
        if case .server(let state, _, _) = self { return state }
        return nil
    }

    /// A server refusal as this error; anything else (the socket closed, a timeout) as a lost connection.
    static func from(_ error: any Error, location: String) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo, let state = info[.sqlState] {
                return .server(sqlState: state, message: info[.message] ?? "", detail: info[.detail])
            }
            return .connectionLost(location: location, reason: "\(psql.code)" + (psql.underlying.map { ": \($0)" } ?? ""))
        }
        return .connectionLost(location: location, reason: "\(error)")
    }
}

import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SegmentStore

/// One connection to the server, used by one caller at a time. Statements run synchronously (the stores' calling
/// convention, as with SQLite): the caller's thread waits on the connection's event loop, never the other way.
public final class PostgresSession: SQLExecutor, @unchecked Sendable {
    public let connection: PostgresConnection
    public let location: PostgresLocation
    let logger: Logger

    public var dialect: SQLDialect { .postgres }
    public var isClosed: Bool { connection.isClosed }

    init(connection: PostgresConnection, location: PostgresLocation, logger: Logger) {
        self.connection = connection
        self.location = location
        self.logger = logger
    }

    /// Opens a connection to `location`.
    public static func connect(to location: PostgresLocation, logger: Logger) throws -> PostgresSession {
        let configuration = try location.configuration()
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: connectionIDs.next(), logger: logger).wait()
            return PostgresSession(connection: connection, location: location, logger: logger)
        } catch let error as PSQLError where error.serverInfo != nil {
            throw PostgresStoreError.from(error, location: location.description)
        } catch {
            throw PostgresStoreError.unreachable(location: location.description, reason: Self.reason(error))
        }
    }

    @discardableResult
    public func run(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> Int {
        try query(sql, arguments).metadata.rows ?? 0
    }

    public func rows(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> [SQLRow] {
        try query(sql, arguments).rows.map(Self.decode)
    }

    public func forEachRow(_ sql: String, _ arguments: [(any SQLValueConvertible)?],
                           _ body: (SQLRow) throws -> Void) throws {
        for row in try query(sql, arguments).rows { try body(Self.decode(row)) }
    }

    func query(_ sql: String, _ arguments: [(any SQLValueConvertible)?]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument?.sqlValue ?? .null {
            case .null: binds.appendNull()
            case .int(let v): binds.append(v)
            case .double(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: Placeholders.numbered(sql), binds: binds),
                                        logger: logger).wait()
        } catch {
            throw PostgresStoreError.from(error, location: location.description)
        }
    }

    public func close() {
        _ = try? connection.close().wait()
    }

    static func decode(_ row: PostgresRow) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(value(cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return (try? cell.decode(Int.self)).map(SQLValue.int) ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map(SQLValue.double) ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .int($0 ? 1 : 0) } ?? .null
        case .numeric:
            guard let d = try? cell.decode(Decimal.self) else { return .null }
            let double = NSDecimalNumber(decimal: d).doubleValue
            if double.rounded() == double && abs(double) < 9.0e15 { return .int(Int(double)) }
            return .double(double)
        case .bytea:
            return (try? cell.decode(ByteBuffer.self)).map { .blob(Data($0.readableBytesView)) } ?? .null
        default:
            return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }

    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError { return psql.underlying.map { "\($0)" } ?? "\(psql.code)" }
        return "\(error)"
    }

    private static let connectionIDs = ConnectionCounter()
}

import Foundation
import Logging
import PostgresNIO
import SegmentStore
import Synchronization

/// The production version as PostgreSQL last announced it. A connection used for nothing else LISTENs on
/// `segmentops_production` (a trigger notifies at the commit of every promotion or rollback), so a replica switches
/// as soon as the notification arrives; the pointer is also read again every `backstop` in case a notification
/// was missed (the connection dropped and was reopened, say).
public final class PostgresProductionWatch: ProductionWatch, Sendable {
    public static let channel = "segmentops_production"
    let location: PostgresLocation
    let logger: Logger
    let backstop: Duration

    private struct State {
        var version: Int?
        var known = false
        var checkedAt: ContinuousClock.Instant?
        /// Raised by every notification: a pointer read that started before one does not overwrite it.
        var generation = 0
        var notifications = 0
    }
    private let state = Mutex(State())
    /// The listening connection; one caller at a time uses it for the backstop read.
    private let session = Mutex<PostgresSession?>(nil)

    init(location: PostgresLocation, backstop: Duration = .seconds(1), logger: Logger) {
        self.location = location
        self.backstop = backstop
        self.logger = logger
    }

    public func currentProduction() throws -> Int? {
        let now = ContinuousClock.now
        let cached = state.withLock { s -> Int?? in
            guard s.known, let at = s.checkedAt, now - at < backstop else { return nil }
            return .some(s.version)
        }
        if let cached { return cached }
        return try check()
    }

    /// How many notifications arrived (tests and the benchmark read it).
    public var notifications: Int { state.withLock { $0.notifications } }

    /// Reads the pointer, (re)opening the listening connection first when it is not open.
    func check() throws -> Int? {
        try session.withLock { current in
            if current == nil || current!.isClosed { current = try listen() }
            let generation = state.withLock { $0.generation }
            let version = try current!.value(ModelRegistry.productionVersionSQL, as: Int.self)
            state.withLock { s in
                if s.generation == generation { s.version = version }
                s.known = true
                s.checkedAt = .now
            }
            return state.withLock { $0.version }
        }
    }

    private func listen() throws -> PostgresSession {
        let session = try PostgresSession.connect(to: location, logger: logger)
        session.connection.addListener(channel: Self.channel) { [weak self] _, message in
            guard let self, let version = Int(message.payload) else { return }
            self.state.withLock { s in
                s.version = version
                s.generation += 1
                s.notifications += 1
                s.known = true
            }
        }
        try session.run("LISTEN \(Self.channel)")
        logger.debug("Listening for production changes", metadata: ["db": "\(location)"])
        return session
    }

    deinit {
        session.withLock { $0?.close() }
    }
}

import Foundation

/// Who leads the supervisors sharing one database: the one that runs schedules, monitors, decisions and delivery.
/// Every supervisor serves the API.
public struct LeaderInfo: Sendable, Equatable, Codable {
    /// Raised by one each time leadership changes hands; the leader's writes carry it.
    public let epoch: Int
    /// `host:pid`, unique among running supervisors.
    public let holder: String
    public let host: String
    public let pid: Int
    public let acquiredAt: String
    public let heartbeatAt: String

    enum CodingKeys: String, CodingKey {
        case epoch, holder, host, pid
        case acquiredAt = "acquired_at"
        case heartbeatAt = "heartbeat_at"
    }

    public init(epoch: Int, holder: String, host: String, pid: Int, acquiredAt: String, heartbeatAt: String) {
        self.epoch = epoch
        self.holder = holder
        self.host = host
        self.pid = pid
        self.acquiredAt = acquiredAt
        self.heartbeatAt = heartbeatAt
    }

    /// Records `identity` as the leader under the next epoch (inside the caller's write).
    public static func claim(_ db: any SQLExecutor, identity: String, at date: Date) throws -> LeaderInfo {
        let now = Timestamp.format(date)
        let host = ProcessInfo.processInfo.hostName
        let epoch = (try db.value("SELECT epoch FROM leadership WHERE id = 1", as: Int.self) ?? 0) + 1
        try db.run("""
            INSERT INTO leadership (id, epoch, holder, host, pid, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, holder = excluded.holder, host = excluded.host,
                pid = excluded.pid, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at
            """, [epoch, identity, host, Int(getpid()), now, now])
        return LeaderInfo(epoch: epoch, holder: identity, host: host, pid: Int(getpid()), acquiredAt: now, heartbeatAt: now)
    }

    /// The leader as the store records it, if any supervisor ever led.
    public static func current(_ db: any SQLExecutor) throws -> LeaderInfo? {
        try db.record("SELECT epoch, holder, host, pid, acquired_at, heartbeat_at FROM leadership WHERE id = 1")
    }
}

extension LeaderInfo: SQLRecord {}

/// This process's place among the supervisors, for `/healthz` and `status`.
public struct LeadershipState: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable { case leader, follower }
    public var role: Role
    /// The epoch this process leads under, or the current leader's as last seen.
    public var epoch: Int?
    public var leader: LeaderInfo?
    public var identity: String

    public init(role: Role, epoch: Int?, leader: LeaderInfo?, identity: String) {
        self.role = role
        self.epoch = epoch
        self.leader = leader
        self.identity = identity
    }
}

/// Leadership among supervisors. On PostgreSQL a session advisory lock held on a connection used for nothing else;
/// on SQLite the one supervisor the file lock admits always leads.
public protocol LeaderElection: Sendable {
    /// `host:pid` of this process.
    var identity: String { get }
    /// Waits until this process leads; returns its epoch. Cancellation ends the wait.
    func acquire() async throws -> Int
    /// Returns when leadership is lost (the lock's connection broke); throws `CancellationError` when cancelled.
    func holdUntilLost(epoch: Int) async throws
    /// Gives leadership up once the leader's work has stopped (shutdown, or after losing it), so another supervisor
    /// takes over at once and this process's writes are no longer fenced.
    func release() async
    /// The current state, without a round trip.
    func state() -> LeadershipState
}

extension LeaderElection {
    public static var processIdentity: String { "\(ProcessInfo.processInfo.hostName):\(getpid())" }
}

import Foundation
import Synchronization

/// Leadership where one supervisor runs per database (SQLite: the file lock admits one): it leads from the start,
/// under an epoch raised at each start, and never loses it.
public final class SoloLeadership: LeaderElection, Sendable {
    public let identity: String
    let database: any StoreBackend
    private let current = Mutex<LeaderInfo?>(nil)

    public init(database: any StoreBackend, identity: String = SoloLeadership.processIdentity) {
        self.database = database
        self.identity = identity
    }

    public func acquire() async throws -> Int {
        let now = Timestamp.format(Date())
        let host = ProcessInfo.processInfo.hostName
        let info = try database.write { db -> LeaderInfo in
            let epoch = (try db.value("SELECT epoch FROM leadership WHERE id = 1", as: Int.self) ?? 0) + 1
            try db.run("""
                INSERT INTO leadership (id, epoch, holder, host, pid, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, holder = excluded.holder, host = excluded.host,
                    pid = excluded.pid, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at
                """, [epoch, identity, host, Int(getpid()), now, now])
            return LeaderInfo(epoch: epoch, holder: identity, host: host, pid: Int(getpid()), acquiredAt: now, heartbeatAt: now)
        }
        current.withLock { $0 = info }
        return info.epoch
    }

    public func holdUntilLost(epoch: Int) async throws {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    public func release() async {}

    public func state() -> LeadershipState {
        let info = current.withLock { $0 }
        return LeadershipState(role: info == nil ? .follower : .leader, epoch: info?.epoch, leader: info, identity: identity)
    }
}

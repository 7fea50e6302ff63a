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
        let info = try database.write { db in try LeaderInfo.claim(db, identity: identity, at: Date()) }
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

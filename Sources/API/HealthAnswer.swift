import Foundation
import SegmentStore

/// `/healthz`: alive, plus this process's role among the supervisors sharing the database, the epoch, and who
/// leads. An API without a supervisor (`serve`) is a follower and reports the leader the store records, read at
/// most once a second (a liveness probe stays cheap).
enum HealthAnswer {
    static func make(_ env: APIEnvironment) throws -> JSONValue {
        let state: LeadershipState
        if let leadership = env.leadership {
            state = leadership.state()
        } else {
            let leader = try env.leaderSeen.current { try env.database.read { db in try LeaderInfo.current(db) } }
            state = LeadershipState(role: .follower, epoch: leader?.epoch, leader: leader, identity: "\(ProcessInfo.processInfo.hostName):\(getpid())")
        }
        return [
            "status": "ok",
            "role": .string(state.role.rawValue),
            "epoch": .optional(state.epoch),
            "id": .string(state.identity),
            "leader": try state.leader.map { try JSONValue(encoding: $0) } ?? .null,
        ]
    }
}

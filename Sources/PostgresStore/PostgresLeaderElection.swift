import Foundation
import Logging
import SegmentStore
import Synchronization

/// Leadership on PostgreSQL: a session advisory lock taken on a connection used for nothing else. The server
/// releases it the moment that connection ends — the process was killed, the host died, the network dropped — and
/// a follower polling every `retry` takes it. A leader that stops without dying (paused, frozen, starved) loses it
/// too: once leading, the lock connection stays inside an open transaction that the heartbeat touches every
/// `heartbeat`, and the server ends a session idle in a transaction for `pauseLimit`. Each new leader raises the
/// epoch in `leadership`, and the backend then refuses any write of this process once the stored epoch is no longer
/// its own (fencing), so a leader that wakes up after losing the lock cannot write.
public final class PostgresLeaderElection: LeaderElection, Sendable {
    public static let lockKey = 0x5E6_0B5_1EAD
    public let identity: String
    let backend: PostgresBackend
    let logger: Logger
    let retry: Duration
    let heartbeat: Duration
    /// A leader silent this long loses the lock (the server's `idle_in_transaction_session_timeout`).
    let pauseLimit: Duration

    private struct Current {
        var session: PostgresSession?
        var epoch: Int?
        var leader: LeaderInfo?
    }
    private let current = Mutex(Current())

    public init(backend: PostgresBackend, identity: String = PostgresLeaderElection.processIdentity,
                retry: Duration = .milliseconds(200), heartbeat: Duration = .milliseconds(500),
                pauseLimit: Duration = .seconds(3), logger: Logger) {
        self.pauseLimit = pauseLimit
        self.backend = backend
        self.identity = identity
        self.retry = retry
        self.heartbeat = heartbeat
        self.logger = logger
    }

    public func acquire() async throws -> Int {
        while true {
            try Task.checkCancellation()
            do {
                if let epoch = try tryAcquire() { return epoch }
            } catch {
                logger.warning("Leader election: the database is unreachable; retrying", metadata: ["error": "\(error)"])
                dropSession()
            }
            try await Task.sleep(for: retry)
        }
    }

    /// One attempt: the lock, then the epoch raised under the write lock. Nil when another supervisor leads.
    public func tryAcquire() throws -> Int? {
        let session = try lockSession()
        guard try session.value("SELECT pg_try_advisory_lock(?)", [Self.lockKey], as: Bool.self) == true else {
            let leader = try backend.read { db in try LeaderInfo.current(db) }
            current.withLock { $0.leader = leader }
            return nil
        }
        // From now on the lock connection is never idle outside a transaction: silence for `pauseLimit` ends it.
        let limit = Int(pauseLimit.components.seconds) * 1000 + Int(pauseLimit.components.attoseconds / 1_000_000_000_000_000)
        try session.run("SET idle_in_transaction_session_timeout = \(limit)")
        try session.run("BEGIN")
        let info = try backend.write { db in try LeaderInfo.claim(db, identity: identity, at: Date()) }
        backend.fence(epoch: info.epoch)
        current.withLock {
            $0.epoch = info.epoch
            $0.leader = info
        }
        logger.notice("Leading the supervisors", metadata: ["leader.epoch": "\(info.epoch)", "leader.id": "\(identity)"])
        return info.epoch
    }

    public func holdUntilLost(epoch: Int) async throws {
        while true {
            try await Task.sleep(for: heartbeat)
            do {
                guard let session = current.withLock({ $0.session }), !session.isClosed else { throw LeadershipLost() }
                try session.run("SELECT 1")
                let now = Timestamp.format(Date())
                try backend.write { db in
                    try db.run("UPDATE leadership SET heartbeat_at = ? WHERE id = 1 AND epoch = ?", [now, epoch])
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The fence stays until `release()`: the leader's work still running cannot write meanwhile.
                logger.error("Leadership lost", metadata: ["leader.epoch": "\(epoch)", "error": "\(error)"])
                dropSession()
                current.withLock { $0.epoch = nil }
                return
            }
        }
    }

    /// Called once the leader's work has stopped: frees the lock if still held and lifts the fence.
    public func release() async {
        if let session = current.withLock({ $0.session }), !session.isClosed {
            _ = try? session.run("SELECT pg_advisory_unlock(?)", [Self.lockKey])
        }
        stepDown()
    }

    public func state() -> LeadershipState {
        current.withLock { s in
            LeadershipState(role: s.epoch == nil ? .follower : .leader, epoch: s.epoch ?? s.leader?.epoch,
                            leader: s.leader, identity: identity)
        }
    }

    /// Ends leadership here: the lock's connection closes (the server frees the lock) and writes stop being fenced.
    private func stepDown() {
        dropSession()
        current.withLock { $0.epoch = nil }
        backend.fence(epoch: nil)
    }

    /// Closes the lock's connection without stepping down, as a network partition would (tests).
    public func dropLockConnectionForTesting() {
        dropSession()
    }

    private func lockSession() throws -> PostgresSession {
        if let session = current.withLock({ $0.session }), !session.isClosed { return session }
        let session = try PostgresSession.connect(to: backend.postgres, logger: logger)
        current.withLock { $0.session = session }
        return session
    }

    private func dropSession() {
        current.withLock { s in
            s.session?.close()
            s.session = nil
        }
    }
}

/// The lock's connection broke or the stored epoch moved on.
struct LeadershipLost: Error {}

import Foundation
import Logging
import SegmentStore
import ServiceLifecycle

/// Runs the leader's work — schedules, monitors, decisions, delivery — only while this process leads. It waits
/// for leadership, runs `lead` until leadership is lost (then waits again, as a follower) or the process shuts down
/// (then the job in progress finishes and leadership is released, so another supervisor takes over at once).
public struct LeaderService: Service, CustomStringConvertible {
    public let election: any LeaderElection
    /// The leader's work under `epoch`; returns at graceful shutdown, stops on cancellation.
    public let lead: @Sendable (_ epoch: Int) async -> Void
    public let logger: Logger

    public init(election: any LeaderElection, logger: Logger, lead: @escaping @Sendable (_ epoch: Int) async -> Void) {
        self.election = election
        self.lead = lead
        self.logger = logger
    }

    public var description: String { "Leader(\(election.identity))" }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let epoch: Int
            do {
                epoch = try await cancelWhenGracefulShutdown { try await election.acquire() }
            } catch {
                break
            }
            logger.notice("Leading", metadata: ["leader.epoch": "\(epoch)", "leader.id": "\(election.identity)"])
            let elected = self.election, lead = self.lead
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await lead(epoch) }
                group.addTask { try? await elected.holdUntilLost(epoch: epoch) }
                await group.next()
                group.cancelAll()
            }
            if !Task.isShuttingDownGracefully && !Task.isCancelled {
                // Lost, or the work stopped on its own: either way step down, so another (or this one, anew) leads.
                await election.release()
                logger.warning("No longer leading; following until leadership is free again", metadata: ["leader.epoch": "\(epoch)"])
            }
        }
        await election.release()
        logger.info("Leader service stopped")
    }
}

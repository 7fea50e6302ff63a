import Alerting
import Foundation
import Logging
import SegmentStore
import Segments
import ServiceLifecycle

/// Continuous delivery from the durable outboxes — alerts, and the segment change feed when it has destinations.
/// On graceful shutdown it makes a last pass, so what is due goes out before the process ends; anything left stays
/// in the outbox for the next start.
public struct DeliveryService: Service, CustomStringConvertible {
    public let alerts: AlertCenter
    public let feed: FeedDispatcher?
    public let clock: any WallClock
    public let pollInterval: TimeInterval
    public let logger: Logger

    public init(alerts: AlertCenter, feed: FeedDispatcher? = nil, clock: any WallClock, pollInterval: TimeInterval = 1,
                logger: Logger) {
        self.alerts = alerts
        self.feed = feed
        self.clock = clock
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public var description: String { "AlertDelivery" }

    public func run() async throws {
        let clock = self.clock
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await pass(clock)
            let nextDue = (try? OutboxStore(database: alerts.database).nextDue()) ?? nil
            let wake = min(nextDue ?? .distantFuture, clock.now().addingTimeInterval(pollInterval))
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: max(wake, clock.now())) }
            } catch {
                break
            }
        }
        await pass(clock)  // flush what is due before stopping
        logger.info("Alert delivery stopped")
    }

    func pass(_ clock: any WallClock) async {
        do {
            let result = try await alerts.deliver(now: { clock.now() })
            if result.attempted > 0 {
                logger.debug("Delivery pass", metadata: ["delivered": "\(result.delivered)", "retried": "\(result.retried)",
                                                         "dead": "\(result.dead)"])
            }
        } catch {
            logger.error("Delivery pass failed", metadata: ["error": "\(error)"])
        }
        guard let feed else { return }
        do {
            let result = try await feed.deliver(now: { clock.now() })
            if result.batches + result.failed > 0 {
                logger.debug("Feed pass", metadata: ["events": "\(result.events)", "failed": "\(result.failed)"])
            }
        } catch {
            logger.error("Feed delivery pass failed", metadata: ["error": "\(error)"])
        }
    }
}

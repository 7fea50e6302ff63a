import Foundation

/// The clock deliveries run on and whether a failing delivery may be given up.
///
/// The supervisor delivers on its own clock and gives up after `alerting.delivery.give_up_after`. A replay
/// evaluates alerts on its simulated clock but delivers on real time (receivers check signature timestamps
/// against real time) and never gives up while it runs: a receiver outage of a second must not dead-letter alerts
/// because a simulated day passed. What a replay leaves undelivered stays in the outbox for the next run.
public struct DeliveryTiming: Sendable {
    public var now: @Sendable () -> Date
    public var giveUp: Bool

    public init(now: @escaping @Sendable () -> Date, giveUp: Bool) {
        self.now = now
        self.giveUp = giveUp
    }

    /// Real time, giving up after the configured period.
    public static let live = DeliveryTiming(now: { Date() }, giveUp: true)
    /// A replay in progress: real time, never giving up.
    public static let replay = DeliveryTiming(now: { Date() }, giveUp: false)
}

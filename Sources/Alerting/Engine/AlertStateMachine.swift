import Foundation
import SegmentStore

/// The life of one alert: inactive → pending → firing → resolved, with `for`, `keep_firing_for`, repeats and
/// flap suppression. Pure: given the state, whether the condition holds and the time, it says what to notify.
public struct AlertStateMachine: Sendable {
    public enum Notification: String, Sendable, Equatable {
        case firing, repeatFiring = "repeat", resolved, flapping
    }

    public let forEvaluations: Int
    public let keepFiringFor: Double
    public let repeatInterval: Double
    public let flapWindow: Double
    public let flapMaxChanges: Int

    public init(forEvaluations: Int, keepFiringFor: Double, repeatInterval: Double, flapWindow: Double,
                flapMaxChanges: Int) {
        self.forEvaluations = forEvaluations
        self.keepFiringFor = keepFiringFor
        self.repeatInterval = repeatInterval
        self.flapWindow = flapWindow
        self.flapMaxChanges = flapMaxChanges
    }

    /// Advances `state` for one evaluation at `now`. `holds` nil means the monitor could not tell: no change.
    /// Returns the notification to send, if any.
    public func step(_ state: inout AlertStateRecord, holds: Bool?, now: Date) -> Notification? {
        let t = Timestamp.format(now)
        state.lastEvaluatedAt = t
        guard let holds else { return nil }
        if holds { state.lastActiveAt = t }
        // Forget state changes older than the flap window.
        state.changes = state.changes.filter { (Timestamp.parse($0) ?? now) > now.addingTimeInterval(-flapWindow) }

        switch (state.state, holds) {
        case (.inactive, true), (.resolved, true):
            state.pendingCount = 1
            state.activeSince = t
            state.resolvedAt = nil
            if forEvaluations <= 1 { return fire(&state, now: now) }
            state.state = .pending
            return nil
        case (.pending, true):
            state.pendingCount += 1
            return state.pendingCount >= forEvaluations ? fire(&state, now: now) : nil
        case (.pending, false):
            state.state = .inactive
            state.pendingCount = 0
            state.activeSince = nil
            return nil
        case (.firing, true):
            if state.flapping, let last = state.changes.last.flatMap(Timestamp.parse),
               now.timeIntervalSince(last) >= flapWindow {
                state.flapping = false
            }
            if let last = state.lastNotifiedAt.flatMap(Timestamp.parse), now.timeIntervalSince(last) >= repeatInterval {
                state.lastNotifiedAt = t
                state.notified = true
                return .repeatFiring
            }
            return nil
        case (.firing, false):
            let lastActive = state.lastActiveAt.flatMap(Timestamp.parse) ?? now
            if keepFiringFor > 0 && now.timeIntervalSince(lastActive) < keepFiringFor { return nil }
            if state.flapping {
                // Held firing until the condition has stayed clear for a whole flap window.
                guard now.timeIntervalSince(lastActive) >= flapWindow else { return nil }
                state.flapping = false
                return resolve(&state, now: now)
            }
            if state.changes.count + 1 > flapMaxChanges {
                state.flapping = true
                state.changes.append(t)
                state.lastNotifiedAt = t
                state.notified = true
                return .flapping
            }
            return resolve(&state, now: now)
        case (.inactive, false), (.resolved, false):
            return nil
        }
    }

    private func fire(_ state: inout AlertStateRecord, now: Date) -> Notification {
        let t = Timestamp.format(now)
        state.state = .firing
        state.firingSince = t
        state.changes.append(t)
        state.lastNotifiedAt = t
        state.notified = true
        if state.changes.count > flapMaxChanges {
            state.flapping = true
            return .flapping
        }
        return .firing
    }

    private func resolve(_ state: inout AlertStateRecord, now: Date) -> Notification? {
        let t = Timestamp.format(now)
        state.state = .resolved
        state.resolvedAt = t
        state.pendingCount = 0
        state.changes.append(t)
        // Never a resolve for an alert that was never notified; never a lost resolve for one that was.
        guard state.notified else { return nil }
        state.notified = false
        return .resolved
    }
}

import Foundation

/// Confirmed segments with hysteresis: a CUSUM on each observation's log-odds of every other segment against the
/// confirmed one.
///
/// For a customer confirmed in segment c, each new observation scored p (probabilities, floored at 1e-6) updates,
/// for every s ≠ c,
///
///     S_s ← max(0, S_s + ln(p_s / p_c) − k)
///
/// An observation that favours c (negative log-odds), or favours s by less than the allowance k, pulls S_s back
/// towards 0; only sustained evidence accumulates. When the largest S_s reaches the flag threshold h₁ a
/// `transition_started` toward s opens; it is `transition_cleared` when S_s falls back to 0; when S_s reaches the
/// confirm threshold h₂ the segment changes to s and every S restarts at 0. A new customer is provisional until it
/// has `provisional` observations; it is then confirmed in the segment with the largest summed log-probability.
/// A model promotion changes nothing by itself: the new model's scores must build the same evidence.
public struct SegmentEvidence: Sendable {
    public enum Change: Sendable, Equatable {
        /// The confirmed segment changed (`from` nil: the first confirmation of a provisional customer).
        case changed(from: Int?, to: Int)
        case transitionStarted(toward: Int)
        case transitionCleared(toward: Int)
    }

    public let provisional: Int
    public let allowance: Double
    public let flagThreshold: Double
    public let confirmThreshold: Double

    public init(provisional: Int, allowance: Double, flagThreshold: Double, confirmThreshold: Double) {
        precondition(provisional >= 1 && confirmThreshold > flagThreshold && flagThreshold > 0)
        self.provisional = provisional
        self.allowance = allowance
        self.flagThreshold = flagThreshold
        self.confirmThreshold = confirmThreshold
    }

    static let floor = 1e-6

    /// Adds one observation's probabilities (in segment order) observed on `day`; returns what changed.
    public func observe(_ track: inout SegmentTrack, probabilities p: [Double], day: Day) -> [Change] {
        let k = track.evidence.count
        precondition(p.count == k)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { logs in
            for i in 0..<k { logs[i] = Foundation.log(Swift.max(p[i], SegmentEvidence.floor)) }
            return observe(&track, logs: UnsafeBufferPointer(logs), day: day)
        }
    }

    private func observe(_ track: inout SegmentTrack, logs: UnsafeBufferPointer<Double>, day: Day) -> [Change] {
        let k = track.evidence.count
        track.observations += 1
        guard let c = track.confirmed else {
            for s in 0..<k { track.evidence[s] += logs[s] }
            guard track.observations >= provisional else { return [] }
            let first = (0..<k).max { track.evidence[$0] < track.evidence[$1] }!
            track.confirmed = first
            track.since = day
            track.evidence = [Double](repeating: 0, count: k)
            return [.changed(from: nil, to: first)]
        }
        for s in 0..<k where s != c {
            track.evidence[s] = Swift.max(0, track.evidence[s] + logs[s] - logs[c] - allowance)
        }
        track.evidence[c] = 0
        var changes = [Change]()
        let (lead, strength) = track.runnerUp.map { ($0.segment, $0.evidence) } ?? (c, 0)
        if strength >= confirmThreshold {
            track.confirmed = lead
            track.since = day
            track.evidence = [Double](repeating: 0, count: k)
            track.flag = nil
            track.flagSince = nil
            return [.changed(from: c, to: lead)]
        }
        if let open = track.flag, track.evidence[open] <= 0 || (strength >= flagThreshold && lead != open) {
            changes.append(.transitionCleared(toward: open))
            track.flag = nil
            track.flagSince = nil
        }
        if track.flag == nil, strength >= flagThreshold {
            track.flag = lead
            track.flagSince = day
            changes.append(.transitionStarted(toward: lead))
        }
        return changes
    }
}

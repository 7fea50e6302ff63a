import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// What the supervisor does with a night's candidates (the standard one, and challengers while the model is
/// drifting): judge them all by the same gates on the same rows, promote the best that may be promoted, reject the
/// standard candidate when a gate fails, hold when the evidence is thin — and pause while a critical data-drift
/// alert is firing.
///
/// While production itself is failing — its guardrail is tripped, or it fails the absolute gates on the same rows
/// — a candidate that is significantly better (`RemedialCheck`) may replace it even if it still misses an absolute
/// gate: a remedial promotion. Serving the better of two imperfect models beats keeping the worse.
public struct AutoPromoter: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public enum Decision: Sendable, Equatable {
        case promoted(version: Int, replaced: Int?, remedial: Bool)
        case blocked(version: Int, failing: [String])
        case held(version: Int, why: String)
        case paused(version: Int, alerts: [String])
        case disabled(version: Int)
        case conflict(version: Int)

        public var eventType: String {
            switch self {
            case .promoted: "promoted"
            case .blocked: "candidate_blocked"
            case .held: "candidate_held"
            case .paused: "promotion_paused"
            case .disabled: "candidate_registered"
            case .conflict: "promotion_conflict"
            }
        }
    }

    var registry: ModelRegistry { ModelRegistry(database: database) }
    var events: EventStore { EventStore(database: database) }

    /// Decides about one candidate.
    public func decide(candidate: Int, asOf: Day, at date: Date) throws -> Decision {
        try decide(candidates: [candidate], asOf: asOf, at: date)
    }

    /// Decides about a night's candidates (the standard one first); returns the decision about the night.
    public func decide(candidates: [Int], asOf: Day, at date: Date) throws -> Decision {
        precondition(!candidates.isEmpty)
        let first = candidates[0]
        let actor = ActorIdentity.system
        guard config.release.autoPromote else {
            for v in candidates {
                try events.record(type: "candidate_registered", asOf: asOf, version: v,
                                  detail: ["why": "release.auto_promote is off: promote by hand"], at: date)
            }
            return .disabled(version: first)
        }
        switch try PromotionHold(database: database).current() {
        case .paused(let pause)?:
            for v in candidates {
                try registry.record(AuditLog.Record(
                    actor: actor, action: "promote", version: v, outcome: "paused",
                    reason: "automatic promotion paused by \(pause.by) since \(pause.at): \(pause.reason)"), at: date)
                try events.record(type: "promotion_paused", asOf: asOf, version: v,
                                  detail: ["paused_by": .string(pause.by), "reason": .string(pause.reason)], at: date)
            }
            return .held(version: first, why: "paused by \(pause.by): \(pause.reason)")
        case .dataDrift(let names)?:
            for v in candidates {
                try registry.record(AuditLog.Record(
                    actor: actor, action: "promote", version: v, outcome: "paused",
                    reason: "automatic promotion paused: critical data-drift alert firing (\(names.joined(separator: ", ")))",
                    evidence: ["alerts": .array(names.map { .string($0) })]), at: date)
                try events.record(type: "promotion_paused", asOf: asOf, version: v,
                                  detail: ["alerts": .array(names.map { .string($0) })], at: date)
            }
            return .paused(version: first, alerts: names)
        case nil:
            break
        }

        let current = try registry.production()?.version
        let gates = PromotionGates(database: database, config: config)
        let window = try commonWindow(candidates)
        let reports = try candidates.map { try gates.evaluate(candidate: $0, production: current, window: window, knownBy: asOf) }
        let failingProduction = try current.map { try productionFailure($0, reports: reports) } ?? nil
        let remedialMode = config.release.remedial.enabled && failingProduction != nil
        func eligible(_ r: GateReport) -> Bool {
            r.verdict == .pass || (remedialMode && r.remedial?.eligible == true)
        }
        let best = try choose(reports.filter(eligible), standard: first, window: window, knownBy: asOf)

        var decision: Decision?
        if let best {
            decision = try promote(best, over: current, failing: failingProduction, asOf: asOf, at: date)
        }
        for report in reports where report.candidate != best?.candidate {
            let outcome = try settle(report, remedialMode: remedialMode, failing: failingProduction, chosen: best,
                                     standard: report.candidate == first, asOf: asOf, at: date)
            if report.candidate == first && decision == nil { decision = outcome }
        }
        return decision ?? .held(version: first, why: "no candidate decided")
    }

    /// The candidate to promote among the eligible: the standard one unless a challenger is significantly better
    /// than it on the same rows (the default recipe is preferred without evidence against it; once it has caught
    /// up after a drift, challengers stop); otherwise the most accurate.
    func choose(_ eligible: [GateReport], standard: Int, window: DayRange?, knownBy: Day) throws -> GateReport? {
        let best = eligible.max { a, b in
            let ma = a.candidateMetrics!, mb = b.candidateMetrics!
            return (ma.accuracy, -ma.harmRate, a.candidate) < (mb.accuracy, -mb.harmRate, b.candidate)
        }
        guard let best, best.candidate != standard, let standardReport = eligible.first(where: { $0.candidate == standard }),
              let window = window ?? eligible.first?.window else { return best }
        let paired = try PromotionGates(database: database, config: config)
            .paired(best.candidate, against: standard, window: window, knownBy: knownBy)
        let alpha = config.release.remedial.alpha
        let better = (paired.pMoreAccurate < alpha && paired.pMoreHarmful >= alpha)
            || (paired.pLessHarmful < alpha && paired.pLessAccurate >= alpha)
        return better ? best : standardReport
    }

    /// The rows every candidate is compared on: the days all their holdouts share (one candidate: its own).
    func commonWindow(_ candidates: [Int]) throws -> DayRange? {
        guard candidates.count > 1 else { return nil }
        let holdouts = try candidates.map { try registry.artifact($0).training.holdoutWindow }
        let from = holdouts.map(\.from).max()!, to = holdouts.map(\.to).min()!
        return from <= to ? DayRange(from: from, to: to) : nil
    }

    /// Why production counts as failing (its guardrail is tripped, or it fails absolute gates on the same rows),
    /// or nil when it is healthy.
    func productionFailure(_ production: Int, reports: [GateReport]) throws -> String? {
        if try GuardrailState(events: events).isTripped(version: production) {
            return "its misclassification guardrail is tripped"
        }
        if let failing = reports.first(where: { !$0.productionFailing.isEmpty })?.productionFailing {
            return "it fails \(failing.joined(separator: ", ")) on the same rows"
        }
        return nil
    }
}

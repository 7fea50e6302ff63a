import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// What the supervisor does with a new candidate: promote it when every gate passes, reject it when one fails,
/// hold it when the evidence is thin — and pause while a critical data-drift alert is firing.
public struct AutoPromoter: Sendable {
    public let database: SegmentDatabase
    public let config: SegmentOpsConfig

    public init(database: SegmentDatabase, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public enum Decision: Sendable, Equatable {
        case promoted(version: Int, replaced: Int?)
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

    public func decide(candidate: Int, asOf: Day, at date: Date) throws -> Decision {
        let registry = ModelRegistry(database: database)
        let events = EventStore(database: database)
        let actor = ActorIdentity.system
        guard config.release.autoPromote else {
            let d = Decision.disabled(version: candidate)
            try events.record(type: d.eventType, asOf: asOf, version: candidate,
                              detail: ["why": "release.auto_promote is off: promote by hand"], at: date)
            return d
        }
        if let pause = try PromotionSwitch(database: database).current() {
            let d = Decision.held(version: candidate, why: "paused by \(pause.by): \(pause.reason)")
            try registry.record(AuditLog.Record(
                actor: actor, action: "promote", version: candidate, outcome: "paused",
                reason: "automatic promotion paused by \(pause.by) since \(pause.at): \(pause.reason)"), at: date)
            try events.record(type: "promotion_paused", asOf: asOf, version: candidate,
                              detail: ["paused_by": .string(pause.by), "reason": .string(pause.reason)], at: date)
            return d
        }
        let paused = try AlertStateStore(database: database).firing(category: "data-drift", severity: "critical")
        if !paused.isEmpty {
            let names = paused.map { $0.rule + ($0.labels["feature"].map { "{feature=\($0)}" } ?? "") }
            try registry.record(AuditLog.Record(
                actor: actor, action: "promote", version: candidate, outcome: "paused",
                reason: "automatic promotion paused: critical data-drift alert firing (\(names.joined(separator: ", ")))",
                evidence: ["alerts": .array(names.map { .string($0) })]), at: date)
            let d = Decision.paused(version: candidate, alerts: names)
            try events.record(type: d.eventType, asOf: asOf, version: candidate,
                              detail: ["alerts": .array(names.map { .string($0) })], at: date)
            return d
        }
        let current = try registry.production()?.version
        let report = try PromotionGates(database: database, config: config).evaluate(candidate: candidate, production: current)
        let decision: Decision
        switch report.verdict {
        case .pass:
            do {
                try registry.changeProduction(
                    ProductionChange(kind: .promote, target: candidate,
                                     expect: current.map { .version($0) } ?? ProductionChange.Expectation.none,
                                     actor: actor, reason: "automatic promotion: every gate passed",
                                     evidence: report.evidence),
                    requireApproval: config.release.requireApproval, at: date)
                decision = .promoted(version: candidate, replaced: current)
            } catch RegistryError.approvalRequired {
                try registry.record(AuditLog.Record(
                    actor: actor, action: "promote", version: candidate, otherVersion: current, outcome: "held",
                    reason: "gates passed; awaiting approval (release.require_approval)", evidence: report.evidence),
                    at: date)
                decision = .held(version: candidate, why: "awaiting approval")
            } catch RegistryError.conflict {
                decision = .conflict(version: candidate)
            }
        case .fail:
            try registry.reject(candidate, actor: actor,
                                reason: "automatic gates failed: \(report.failingSummary)", evidence: report.evidence,
                                at: date)
            decision = .blocked(version: candidate, failing: report.failing.map(\.gate))
        case .inconclusive:
            try registry.record(AuditLog.Record(
                actor: actor, action: "promote", version: candidate, otherVersion: current, outcome: "held",
                reason: "not enough labelled evidence: \(report.failingSummary)", evidence: report.evidence), at: date)
            decision = .held(version: candidate, why: "inconclusive: \(report.failingSummary)")
        }
        var detail = report.evidence.objectValue ?? [:]
        detail["decision"] = .string(decision.eventType)
        if case .blocked(_, let failing) = decision { detail["failing_gates"] = .array(failing.map { .string($0) }) }
        try events.record(type: decision.eventType, asOf: asOf, version: candidate, detail: .object(detail), at: date)
        return decision
    }
}

import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

/// Automatic rollback on misclassification guardrails — never into something worse: the earlier version is
/// evaluated on the same window first, and only one that passes the guardrails is restored.
public struct RollbackGuard: Sendable {
    public let database: SegmentDatabase
    public let config: SegmentOpsConfig
    /// How many earlier production versions are tried, most recent first.
    public var maxCandidates = 3

    public init(database: SegmentDatabase, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public enum Outcome: Sendable, Equatable {
        /// Not the production version, or nothing to judge.
        case notApplicable
        /// Too few labels to judge (no action).
        case inconclusive(n: Int)
        case healthy
        case rolledBack(from: Int, to: Int)
        case noSafeTarget(current: Int, tried: [Int])
        /// Production changed while deciding (a concurrent promotion): nothing done, judged again next run.
        case conflict(current: Int)

        public var eventType: String? {
            switch self {
            case .notApplicable, .healthy, .inconclusive: nil
            case .rolledBack: "automatic_rollback"
            case .noSafeTarget: "no_safe_rollback_target"
            case .conflict: "rollback_conflict"
            }
        }
    }

    /// Responds to the production version's evaluation for `asOf`.
    public func respond(to evaluation: EvaluationReport, at date: Date) throws -> Outcome {
        let registry = ModelRegistry(database: database)
        let events = EventStore(database: database)
        guard let production = try registry.production(), production.version == evaluation.version else {
            return .notApplicable
        }
        if evaluation.status == .insufficientData { return .inconclusive(n: evaluation.n) }
        guard evaluation.guardrail.tripped else {
            // Say once that a tripped guardrail is clear again (ends NoSafeRollbackTarget).
            let tripped = try events.recent(limit: 1, type: "guardrail_tripped").first?.id ?? 0
            let cleared = try events.recent(limit: 1, type: "guardrail_ok").first?.id ?? 0
            if tripped > cleared {
                try events.record(type: "guardrail_ok", asOf: evaluation.asOf, version: production.version,
                                  detail: ["accuracy": .number(evaluation.accuracy), "harm_rate": .number(evaluation.harmRate),
                                           "n": .int(evaluation.n)], at: date)
            }
            return .healthy
        }
        let current = try JSONValue(encoding: evaluation)
        // Record the trip once per episode, not on every pass while it lasts.
        let lastTrip = try events.recent(limit: 1, type: "guardrail_tripped").first
        let ongoing = try lastTrip.map { trip in
            try trip.version == production.version && trip.id > latestID(events, ["guardrail_ok", "production_changed"])
        } ?? false
        if !ongoing {
            try events.record(type: "guardrail_tripped", asOf: evaluation.asOf, version: production.version,
                              detail: current, at: date)
        }

        let monitors = Monitors(database: database, config: config)
        var tried = [Int]()
        var figures = [JSONValue]()
        for target in try eligibleTargets(excluding: production.version).prefix(maxCandidates) {
            tried.append(target)
            let candidate = try monitors.evaluate(asOf: evaluation.asOf, version: target)
            figures.append(try JSONValue(encoding: candidate))
            let better = candidate.status == .ok && !candidate.guardrail.tripped
                && candidate.harmRate <= evaluation.harmRate && candidate.accuracy >= evaluation.accuracy
            guard better else { continue }
            let reason = "automatic rollback: guardrail tripped on v\(production.version) — "
                + evaluation.guardrail.reasons.map(\.message).joined(separator: "; ")
            let evidence: JSONValue = [
                "window": .string(evaluation.window.description), "n": .int(evaluation.n),
                "thresholds": ["max_harm_rate": .number(config.monitoring.maxHarmRate),
                               "min_recall": .number(config.monitoring.minRecall),
                               "accuracy_tolerance": .number(config.monitoring.accuracyTolerance),
                               "min_labelled": .int(config.monitoring.minLabelled)],
                "rolled_back": current, "restored": figures.last!,
            ]
            do {
                try registry.changeProduction(
                    ProductionChange(kind: .rollback, target: target, expect: .version(production.version),
                                     actor: ActorIdentity.system, reason: reason, force: false, evidence: evidence),
                    requireApproval: false, at: date)
            } catch RegistryError.conflict {
                try events.record(type: "rollback_conflict", asOf: evaluation.asOf, version: production.version,
                                  detail: ["target": .int(target)], at: date)
                return .conflict(current: production.version)
            }
            try events.record(type: "automatic_rollback", asOf: evaluation.asOf, version: target,
                              detail: ["from": .int(production.version), "to": .int(target), "evidence": evidence],
                              at: date)
            return .rolledBack(from: production.version, to: target)
        }
        let triedJSON = JSONValue.array(tried.map { .int($0) })
        let lastRefusal = try events.recent(limit: 1, type: "no_safe_rollback_target").first
        let repeated = try lastRefusal.map { last in
            try last.version == production.version && last.detail["tried"] == triedJSON
                && last.id > latestID(events, ["guardrail_ok", "production_changed"])
        } ?? false
        if !repeated {
            try events.record(type: "no_safe_rollback_target", asOf: evaluation.asOf, version: production.version,
                              detail: ["current": current, "tried": triedJSON, "candidates": .array(figures)], at: date)
        }
        return .noSafeTarget(current: production.version, tried: tried)
    }

    func latestID(_ events: EventStore, _ types: [String]) throws -> Int {
        try types.compactMap { try events.recent(limit: 1, type: $0).first?.id }.max() ?? 0
    }

    /// Earlier production versions, most recent first, that are not rejected or rolled back.
    func eligibleTargets(excluding current: Int) throws -> [Int] {
        let registry = ModelRegistry(database: database)
        var seen = Set<Int>()
        var out = [Int]()
        for interval in try registry.productionIntervals().reversed() where interval.version != current {
            guard seen.insert(interval.version).inserted else { continue }
            let stage = try registry.version(interval.version).stage
            if stage == .archived { out.append(interval.version) }
        }
        return out
    }
}

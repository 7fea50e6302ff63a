import Foundation
import Monitoring
import SegmentConfig
import SegmentModel
import SegmentStore

/// The response to a tripped misclassification guardrail: serve the best version there is evidence for — never
/// something worse.
///
/// Two kinds of replacement compete on the same window: an earlier production version that passes the guardrails
/// and is no worse (a rollback), and the newest candidates that are significantly better than the failing version
/// (a remedial promotion, `RemedialCheck`). The most accurate eligible one wins; with none, production is kept and
/// NoSafeRollbackTarget fires.
public struct RollbackGuard: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    /// How many earlier production versions are tried, most recent first.
    public var maxCandidates = 3

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
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
        /// A newer candidate, significantly better, replaced the failing version.
        case remediated(from: Int, to: Int)
        case noSafeTarget(current: Int, tried: [Int])
        /// Production changed while deciding (a concurrent promotion): nothing done, judged again next run.
        case conflict(current: Int)

        public var eventType: String? {
            switch self {
            case .notApplicable, .healthy, .inconclusive: nil
            case .rolledBack: "automatic_rollback"
            case .remediated: "remedial_promotion"
            case .noSafeTarget: "no_safe_rollback_target"
            case .conflict: "rollback_conflict"
            }
        }
    }

    /// One replacement that may be chosen, with its accuracy on the window.
    struct Option {
        let version: Int
        let remedial: Bool
        let accuracy: Double
        let harmRate: Double
        let figures: JSONValue
        let reason: String
    }

    var events: EventStore { EventStore(database: database) }

    /// Responds to the production version's evaluation for `asOf`.
    public func respond(to evaluation: EvaluationReport, at date: Date) throws -> Outcome {
        let registry = ModelRegistry(database: database)
        guard let production = try registry.production(), production.version == evaluation.version else {
            return .notApplicable
        }
        if evaluation.status == .insufficientData { return .inconclusive(n: evaluation.n) }
        let state = GuardrailState(events: events)
        guard evaluation.guardrail.tripped else {
            // Say once that a tripped guardrail is clear again (ends NoSafeRollbackTarget).
            let tripped = try events.recent(limit: 1, type: "guardrail_tripped").first?.id ?? 0
            if tripped > (try state.latestID(["guardrail_ok"])) {
                try events.record(type: "guardrail_ok", asOf: evaluation.asOf, version: production.version,
                                  detail: ["accuracy": .number(evaluation.accuracy), "harm_rate": .number(evaluation.harmRate),
                                           "n": .int(evaluation.n)], at: date)
            }
            return .healthy
        }
        let current = try JSONValue(encoding: evaluation)
        // Record the trip once per episode, not on every pass while it lasts.
        if !(try state.isTripped(version: production.version)) {
            try events.record(type: "guardrail_tripped", asOf: evaluation.asOf, version: production.version,
                              detail: current, at: date)
        }

        var tried = [Int]()
        var figures = [JSONValue]()
        var options = [Option]()
        let monitors = Monitors(database: database, config: config)
        for target in try eligibleTargets(excluding: production.version).prefix(maxCandidates) {
            tried.append(target)
            let candidate = try monitors.evaluate(asOf: evaluation.asOf, version: target)
            let json = try JSONValue(encoding: candidate)
            figures.append(json)
            let better = candidate.status == .ok && !candidate.guardrail.tripped
                && candidate.harmRate <= evaluation.harmRate && candidate.accuracy >= evaluation.accuracy
            if better {
                options.append(Option(version: target, remedial: false, accuracy: candidate.accuracy,
                                      harmRate: candidate.harmRate, figures: json,
                                      reason: "automatic rollback: guardrail tripped on v\(production.version) — "
                                        + evaluation.guardrail.reasons.map(\.message).joined(separator: "; ")))
            }
        }
        // Remedial promotion is a promotion: it waits while promotion is paused or the inputs are broken.
        if config.release.remedial.enabled, try PromotionHold(database: database).current() == nil {
            for target in try newestCandidates() {
                tried.append(target)
                let report = try PromotionGates(database: database, config: config)
                    .evaluate(candidate: target, production: production.version, window: evaluation.window,
                              knownBy: evaluation.asOf)
                figures.append(report.evidence)
                guard let check = report.remedial, report.verdict == .pass || check.eligible,
                      let metrics = report.candidateMetrics else { continue }
                options.append(Option(version: target, remedial: true, accuracy: metrics.accuracy,
                                      harmRate: metrics.harmRate, figures: report.evidence,
                                      reason: "remedial promotion: guardrail tripped on v\(production.version); v\(target) is "
                                        + check.reason + (check.missedAbsoluteGates.isEmpty ? ""
                                            : "; it still misses \(check.missedAbsoluteGates.joined(separator: ", "))")))
            }
        }
        if let best = options.max(by: { ($0.accuracy, -$0.harmRate) < ($1.accuracy, -$1.harmRate) }) {
            return try replace(production.version, with: best, evaluation: evaluation, current: current, at: date)
        }
        let triedJSON = JSONValue.array(tried.map { .int($0) })
        let lastRefusal = try events.recent(limit: 1, type: "no_safe_rollback_target").first
        let repeated = try lastRefusal.map { last in
            try last.version == production.version && last.detail["tried"] == triedJSON
                && last.id > state.latestID(["guardrail_ok", "production_changed"])
        } ?? false
        if !repeated {
            try events.record(type: "no_safe_rollback_target", asOf: evaluation.asOf, version: production.version,
                              detail: ["current": current, "tried": triedJSON, "candidates": .array(figures)], at: date)
        }
        return .noSafeTarget(current: production.version, tried: tried)
    }

    func replace(_ current: Int, with option: Option, evaluation: EvaluationReport, current figures: JSONValue,
                 at date: Date) throws -> Outcome {
        let evidence: JSONValue = [
            "window": .string(evaluation.window.description), "n": .int(evaluation.n),
            "thresholds": ["max_harm_rate": .number(config.monitoring.maxHarmRate),
                           "min_recall": .number(config.monitoring.minRecall),
                           "accuracy_tolerance": .number(config.monitoring.accuracyTolerance),
                           "min_labelled": .int(config.monitoring.minLabelled)],
            option.remedial ? "failing" : "rolled_back": figures, option.remedial ? "promoted" : "restored": option.figures,
            "remedial": .bool(option.remedial),
        ]
        do {
            try ModelRegistry(database: database).changeProduction(
                ProductionChange(kind: option.remedial ? .promote : .rollback, target: option.version,
                                 expect: .version(current), actor: ActorIdentity.system, reason: option.reason,
                                 force: false, evidence: evidence),
                requireApproval: false, at: date)
        } catch RegistryError.conflict {
            try events.record(type: "rollback_conflict", asOf: evaluation.asOf, version: current,
                              detail: ["target": .int(option.version)], at: date)
            return .conflict(current: current)
        }
        let outcome: Outcome = option.remedial ? .remediated(from: current, to: option.version)
            : .rolledBack(from: current, to: option.version)
        if option.remedial {
            try events.record(type: "promoted", asOf: evaluation.asOf, version: option.version,
                              detail: ["remedial": true, "decision": "promoted", "from": .int(current)], at: date)
        }
        try events.record(type: outcome.eventType!, asOf: evaluation.asOf, version: option.version,
                          detail: ["from": .int(current), "to": .int(option.version), "reason": .string(option.reason),
                                   "accuracy": .number(option.accuracy), "harm_rate": .number(option.harmRate),
                                   "production_accuracy": .number(evaluation.accuracy),
                                   "production_harm_rate": .number(evaluation.harmRate), "evidence": evidence],
                          at: date)
        return outcome
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

    /// The newest night's candidates that are still candidates (not promoted, not rejected).
    func newestCandidates() throws -> [Int] {
        let versions = try ModelRegistry(database: database).list()
        guard let newest = versions.map(\.asOf).max() else { return [] }
        return versions.filter { $0.asOf == newest && $0.stage == .candidate }.map(\.version)
    }
}

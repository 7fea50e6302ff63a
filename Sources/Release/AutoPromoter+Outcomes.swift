import Foundation
import SegmentModel
import SegmentStore

/// Recording what happened to each candidate of a night.
extension AutoPromoter {
    /// Promotes the chosen candidate by compare-and-set, with its gate table (and, when remedial, the paired
    /// figures and the gates it still misses) as evidence.
    func promote(_ report: GateReport, over current: Int?, failing: String?, asOf: Day, at date: Date) throws -> Decision {
        let v = report.candidate
        let recipe = try registry.artifact(v).training.recipeName
        let remedial = report.verdict != .pass
        var evidence = report.evidence.objectValue ?? [:]
        var reason = "automatic promotion: every gate passed" + (recipe == "standard" ? "" : " (\(recipe))")
        if remedial, let check = report.remedial, let current {
            reason = "remedial promotion: production v\(current) is failing (\(failing ?? "failing")); v\(v) (\(recipe)) is "
                + check.reason + (check.missedAbsoluteGates.isEmpty ? "" : "; it still misses \(check.missedAbsoluteGates.joined(separator: ", "))")
            evidence["remedial"] = true
            evidence["production_failing"] = .string(failing ?? "")
            evidence["missed_absolute_gates"] = .array(check.missedAbsoluteGates.map { .string($0) })
        }
        let decision: Decision
        do {
            try registry.changeProduction(
                ProductionChange(kind: .promote, target: v,
                                 expect: current.map { .version($0) } ?? ProductionChange.Expectation.none,
                                 actor: ActorIdentity.system, reason: reason, evidence: .object(evidence)),
                requireApproval: config.release.requireApproval || report.needsApproval, at: date)
            decision = .promoted(version: v, replaced: current, remedial: remedial)
        } catch RegistryError.approvalRequired {
            let why = report.needsApproval ? report.warningSummary : "release.require_approval"
            try registry.record(AuditLog.Record(
                actor: ActorIdentity.system, action: "promote", version: v, otherVersion: current, outcome: "held",
                reason: "\(remedial ? "remedial promotion" : "gates passed"); awaiting approval (\(why)): "
                    + "`segmentops approve \(v) --actor NAME --reason TEXT`, then `segmentops promote \(v) --reason TEXT`",
                evidence: .object(evidence)), at: date)
            decision = .held(version: v, why: "awaiting approval")
        } catch RegistryError.conflict {
            decision = .conflict(version: v)
        }
        var detail = evidence
        detail["decision"] = .string(decision.eventType)
        detail["recipe"] = .string(recipe)
        try events.record(type: decision.eventType, asOf: asOf, version: v, detail: .object(detail), at: date)
        if case .promoted = decision, remedial, let check = report.remedial {
            try events.record(type: "remedial_promotion", asOf: asOf, version: v, detail: [
                "from": .optional(current), "to": .int(v), "recipe": .string(recipe),
                "production_failing": .string(failing ?? ""), "reason": .string(check.reason),
                "p_more_accurate": .number(check.pMoreAccurate), "p_less_harmful": .number(check.pLessHarmful),
                "candidate_only_correct": .int(check.candidateOnlyCorrect),
                "production_only_correct": .int(check.productionOnlyCorrect),
                "missed_absolute_gates": .array(check.missedAbsoluteGates.map { .string($0) }),
                "accuracy": .number(report.candidateMetrics?.accuracy ?? 0),
                "production_accuracy": .number(report.productionMetrics?.accuracy ?? 0),
                "harm_rate": .number(report.candidateMetrics?.harmRate ?? 0),
                "production_harm_rate": .number(report.productionMetrics?.harmRate ?? 0),
            ], at: date)
        }
        return decision
    }

    /// A candidate not promoted tonight: rejected when a gate fails (held instead while production is failing and
    /// only the comparison held it back, so the monitor may still weigh it against a rollback; a candidate that
    /// learned a broken feed is rejected all the same), held when inconclusive, kept as a candidate when it passed
    /// but another was better.
    func settle(_ report: GateReport, remedialMode: Bool, failing: String?, chosen: GateReport?, standard: Bool,
                asOf: Day, at date: Date) throws -> Decision {
        let v = report.candidate
        let actor = ActorIdentity.system
        let current = report.production
        var detail = report.evidence.objectValue ?? [:]
        let decision: Decision
        if let chosen, report.verdict == .pass || (remedialMode && report.remedial?.eligible == true) {
            let why = "v\(chosen.candidate) was better on the same rows"
            try registry.record(AuditLog.Record(actor: actor, action: "promote", version: v, otherVersion: chosen.candidate,
                                                outcome: "held", reason: "eligible, not chosen: \(why)",
                                                evidence: report.evidence), at: date)
            decision = .held(version: v, why: why)
        } else if report.verdict == .inconclusive {
            try registry.record(AuditLog.Record(
                actor: actor, action: "promote", version: v, otherVersion: current, outcome: "held",
                reason: "not enough labelled evidence: \(report.failingSummary)", evidence: report.evidence), at: date)
            decision = .held(version: v, why: "inconclusive: \(report.failingSummary)")
        } else if remedialMode, !report.gates.contains(where: { RemedialCheck.prerequisites.contains($0.gate) && $0.status == .fail }) {
            let why = "production v\(current ?? 0) is failing (\(failing ?? "")) but v\(v) is \(report.remedial?.reason ?? "not better")"
            try registry.record(AuditLog.Record(actor: actor, action: "promote", version: v, otherVersion: current,
                                                outcome: "held", reason: why, evidence: report.evidence), at: date)
            decision = .held(version: v, why: why)
        } else {
            try registry.reject(v, actor: actor, reason: "automatic gates failed: \(report.failingSummary)",
                                evidence: report.evidence, at: date)
            decision = .blocked(version: v, failing: report.failing.map(\.gate))
        }
        detail["decision"] = .string(decision.eventType)
        if case .blocked(_, let failing) = decision { detail["failing_gates"] = .array(failing.map { .string($0) }) }
        if case .held(_, let why) = decision { detail["why"] = .string(why) }
        // Challengers do not raise CandidateBlocked: only the standard nightly candidate's fate is alerted on.
        let type = standard ? decision.eventType : "challenger_" + decision.eventType.replacingOccurrences(of: "candidate_", with: "")
        try events.record(type: type, asOf: asOf, version: v, detail: .object(detail), at: date)
        return decision
    }
}

import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Guarded promotion: runs the gates, then moves production by compare-and-set with the gate table as evidence.
public struct Promoter: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public struct Request: Sendable {
        public var version: Int
        public var actor: String
        public var reason: String
        public var expect: ProductionChange.Expectation?
        public var force = false
        public var dryRun = false

        public init(version: Int, actor: String, reason: String, expect: ProductionChange.Expectation? = nil,
                    force: Bool = false, dryRun: Bool = false) {
            self.version = version
            self.actor = actor
            self.reason = reason
            self.expect = expect
            self.force = force
            self.dryRun = dryRun
        }
    }

    public enum Outcome: Sendable {
        case promoted(GateReport, AuditEntry)
        case forced(GateReport, AuditEntry)
        case refused(GateReport)
        /// A gate warned (fairness) and no one other than the trainer and the promoter has approved the version yet.
        case awaitingApproval(GateReport, AuditEntry)
        case dryRun(GateReport)

        public var report: GateReport {
            switch self {
            case .promoted(let r, _), .forced(let r, _), .refused(let r), .awaitingApproval(let r, _), .dryRun(let r): r
            }
        }
    }

    var registry: ModelRegistry { ModelRegistry(database: database) }

    /// Promotes `request.version` if every gate passes (or `force`), against the production version read now or
    /// the one the caller expects.
    public func promote(_ request: Request, at date: Date) throws -> Outcome {
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RegistryError.reasonRequired(action: "promote") }
        let target = try registry.version(request.version)
        if target.stage == .production { throw RegistryError.alreadyProduction(target.version) }
        if (target.stage == .rejected || target.stage == .rolledBack) && !request.force {
            throw RegistryError.notPromotable(version: target.version, stage: target.stage)
        }
        let current = try registry.production()?.version
        let compareWith: Int?
        switch request.expect {
        case .version(let v)?: compareWith = v
        case .none?: compareWith = nil
        case .anything?, nil: compareWith = current
        }
        // Only labels known today count (a backfilled file may carry labels dated later).
        let today = Day(index: Int((date.timeIntervalSince1970 / 86400).rounded(.down)))
        let report = try PromotionGates(database: database, config: config).evaluate(candidate: target.version,
                                                                                     production: compareWith, knownBy: today)
        if request.dryRun { return .dryRun(report) }
        let expectation = request.expect ?? (current.map { .version($0) } ?? ProductionChange.Expectation.none)
        guard report.verdict == .pass || request.force else {
            try registry.record(AuditLog.Record(
                actor: request.actor, action: "promote", version: target.version, otherVersion: current,
                outcome: report.verdict == .fail ? "blocked" : "held", reason: reason,
                before: target.stage.rawValue, after: target.stage.rawValue, evidence: report.evidence), at: date)
            return .refused(report)
        }
        var evidence = report.evidence.objectValue ?? [:]
        if report.verdict != .pass {
            evidence["override"] = true
            evidence["failing_gates"] = .array(report.failing.map { .string($0.gate) })
        }
        let entry: AuditEntry
        do {
            entry = try registry.changeProduction(
                ProductionChange(kind: .promote, target: target.version, expect: expectation, actor: request.actor,
                                 reason: reason, force: request.force, evidence: .object(evidence)),
                requireApproval: config.release.requireApproval || report.needsApproval, at: date)
        } catch RegistryError.approvalRequired where report.needsApproval {
            let held = try registry.record(AuditLog.Record(
                actor: request.actor, action: "promote", version: target.version, otherVersion: current, outcome: "held",
                reason: "\(reason); awaiting approval: \(report.warningSummary)",
                before: target.stage.rawValue, after: target.stage.rawValue, evidence: .object(evidence)), at: date)
            return .awaitingApproval(report, held)
        }
        return report.verdict == .pass ? .promoted(report, entry) : .forced(report, entry)
    }
}

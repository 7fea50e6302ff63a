import ArgumentParser
import Fairness
import Foundation
import Release
import SegmentStore

struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Run the promotion gates and, if all pass, make a version production (compare-and-set).",
        discussion: """
            The gates compare the version with the current production version on the same labelled rows (by default \
            the version's holdout window): accuracy non-inferiority, recall floor per segment, harm rate (absolute and \
            against production), log-loss, predicted segment-mix PSI, evidence (enough labelled rows), artifact hash, \
            and data quality (no feature of its training window critical against production's reference). \
            Production is changed in one transaction only if it is still what this command read (or --expect-current). \
            Exit codes: 0 promoted (or dry run passed); 3 gates failed; 4 inconclusive (held); 5 production changed \
            underneath (compare-and-set); 1 other errors.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Version to promote (3 or v3).")
    var version: VersionArgument

    @Option(name: .long, help: "Why (recorded in the audit log).")
    var reason: String?

    @Option(name: .long, help: "Who is promoting (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    @Option(name: .customLong("expect-current"), help: "Fail unless production is this version now ('none' for no production).")
    var expectCurrent: String?

    @Flag(name: .long, help: "Promote even if gates fail, or a rejected / rolled-back version; needs --reason.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Show the gate table without promoting.")
    var dryRun = false

    struct Result: Encodable {
        let version: Int
        let verdict: String
        let promoted: Bool
        let forced: Bool
        let dryRun: Bool
        let productionBefore: Int?
        let auditSeq: Int?
        let gates: [GateResult]
        let report: GateReport
        enum CodingKeys: String, CodingKey {
            case version, verdict, promoted, forced, gates, report
            case dryRun = "dry_run"
            case productionBefore = "production_before"
            case auditSeq = "audit_seq"
        }
    }

    func validate() throws {
        if !dryRun && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("promote needs --reason TEXT: the audit log records why")
        }
        if let e = expectCurrent, e != "none", VersionArgument(argument: e) == nil {
            throw ValidationError("--expect-current takes a version (3 or v3) or 'none'")
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: !dryRun, actor: actor)
        let expect: ProductionChange.Expectation? = expectCurrent.map {
            $0 == "none" ? ProductionChange.Expectation.none : .version(VersionArgument(argument: $0)!.number)
        }
        let before = try ModelRegistry(database: database).production()?.version
        let request = Promoter.Request(version: version.number, actor: ActorIdentity.resolve(actor),
                                       reason: reason ?? "dry run", expect: expect, force: force, dryRun: dryRun)
        let outcome: Promoter.Outcome
        do {
            outcome = try Promoter(database: database, config: context.config).promote(request, at: context.now)
        } catch let error as RegistryError {
            if case .conflict = error { throw CLIError(error.description, code: ExitStatus.conflict) }
            throw error
        }
        let report = outcome.report
        var promoted = false, forced = false, seq: Int?
        switch outcome {
        case .promoted(_, let e): promoted = true; seq = e.seq
        case .forced(_, let e): promoted = true; forced = true; seq = e.seq
        case .awaitingApproval(_, let e): seq = e.seq
        case .refused, .dryRun: break
        }
        let result = Result(version: version.number, verdict: report.verdict.rawValue, promoted: promoted, forced: forced,
                            dryRun: dryRun, productionBefore: before, auditSeq: seq, gates: report.gates, report: report)
        if global.json {
            try context.output.emit(result)
        } else {
            Console.out(GateText.render(report))
            if promoted {
                Console.out("\(forced ? "FORCED: " : "")v\(version.number) is now in production (was \(Fmt.v(before))); audit entry #\(seq!)")
            } else if case .awaitingApproval = outcome {
                Console.out("held, awaiting approval (audit entry #\(seq!)): \(report.warningSummary)")
                Console.out("next: `segmentops approve \(version.number) --actor NAME --reason TEXT` by someone other than its trainer and you, then run this promote again")
            } else if dryRun {
                Console.out("dry run: \(report.verdict == .pass ? "would promote" : "would not promote") v\(version.number)")
            } else {
                Console.out("not promoted: \(report.verdict == .fail ? "gates failed" : "inconclusive (held)") — \(report.failingSummary)")
                Console.out("override with --force --reason TEXT if you must; the override and the failing gates are recorded")
            }
        }
        if promoted { return }
        if report.verdict == .fail { throw CLIExit(ExitStatus.gatesFailed) }
        if report.verdict == .inconclusive || report.needsApproval { throw CLIExit(ExitStatus.inconclusive) }
    }
}

/// The gate table as text.
enum GateText {
    static func render(_ report: GateReport) -> String {
        var table = TextTable(["gate", "value", "threshold", "result"])
        for g in report.gates { table.add([g.gate, g.value, g.threshold, g.status.rawValue]) }
        return "v\(report.candidate) vs production \(Fmt.v(report.production)) on \(report.n) labelled rows \(report.window)\n"
            + table.render(indent: "  ") + "\n  verdict: \(report.verdict.rawValue)"
            + (report.needsApproval ? " (needs a named approver)" : "")
            + (report.fairness.map(fairness) ?? "")
    }

    /// Where the fairness evidence is, and the alternative when the gate failed.
    static func fairness(_ f: FairnessReport) -> String {
        guard f.verdict != .pass && f.verdict != .skipped else { return "" }
        let reproduce = "segmentops fairness report --version \(f.version) --as-of \(f.asOf)"
            + (f.against.map { " --against \($0)" } ?? "")
        return "\n  fairness: \(f.verdict.rawValue) — \(f.verdictReason); the full table: `\(reproduce)`"
            + (f.alternative.map { FairnessText.alternative($0).joined(separator: "\n  ") } ?? "")
    }
}

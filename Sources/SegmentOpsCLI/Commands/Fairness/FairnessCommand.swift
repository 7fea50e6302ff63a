import ArgumentParser
import Fairness
import Foundation
import SegmentModel
import SegmentStore

struct FairnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract: "The fair-lending audit of segment assignment: adverse impact, error parity, proxies.",
        subcommands: [FairnessReportCommand.self],
        defaultSubcommand: FairnessReportCommand.self)
}

struct FairnessReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Adverse impact per segment and group, error parity and the proxy scan for one version on one day.",
        discussion: """
            The population is each customer's newest observation in fairness.window_days ending at --as-of, for the \
            customers with protected attributes. For each segment (one-vs-rest) and each group: the assignment rate, \
            the adverse impact ratio against the most favoured group (four-fifths rule), the difference with a 95% \
            interval, a two-proportion z-test (Fisher's exact test in small cells; a weighted z for probability-valued \
            attributes), Holm's correction across cells and the smallest ratio the cell could detect. When the verdict \
            is fail, the version is retrained without the flagged proxy features and both are compared.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The version to audit (default: production, else the newest).") var version: VersionArgument?
    @Option(name: .long, help: "The audit day (default: the newest observation day).") var asOf: DayArgument?
    @Option(name: .long, help: "Also compare every ratio with this version's on the same customers.") var against: VersionArgument?
    @Flag(name: .long, help: "Retrain without the flagged proxies even when nothing fails.") var alternative = false
    @Flag(name: .long, help: "Never retrain (faster).") var noAlternative = false
    @Flag(name: .long, help: "Register the retrained alternative as a candidate (needs --actor).") var registerAlternative = false
    @Option(name: .long, help: "Who registers the alternative (default: $SEGMENTOPS_ACTOR, else the OS user).") var actor: String?
    @Flag(name: .long, help: "Exit 3 when the verdict is fail, 4 when inconclusive.") var strict = false

    func validate() throws {
        if alternative && noAlternative { throw ValidationError("--alternative and --no-alternative contradict each other") }
        if registerAlternative && noAlternative { throw ValidationError("--register-alternative needs the alternative: drop --no-alternative") }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let audit = FairnessAudit(database: database, config: context.config)
        let registry = ModelRegistry(database: database)
        guard let day = try audit.defaultDay(onOrBefore: asOf?.day) else {
            throw CLIError("no observations stored\(asOf.map { " on or before \($0.day)" } ?? ""); ingest some first")
        }
        let v = try version?.number ?? registry.productionOrLatest()?.version
        guard let v else { throw CLIError("no model versions yet; train one with `segmentops train`") }
        let started = Date()
        context.output.progress("auditing v\(v) on \(day)")
        let mode: FairnessAudit.Alternative = noAlternative ? .never : (alternative || registerAlternative ? .whenFlagged : .whenFailing)
        let report = try audit.report(version: v, asOf: day, options: .init(against: against?.number, alternative: mode))
        context.output.endProgress()
        var registered: Int?
        if registerAlternative {
            guard let without = report.alternative?.withoutFeatures else {
                throw CLIError("no proxy feature is flagged for v\(v) on \(day): there is no alternative to register")
            }
            registered = try audit.registerAlternative(version: v, without: without, actor: ActorIdentity.resolve(actor),
                                                       configSnapshot: context.configSnapshot, at: context.now)
        }
        if global.json {
            struct Registered: Encodable {
                let registeredVersion: Int
                let report: FairnessReport
                enum CodingKeys: String, CodingKey {
                    case report
                    case registeredVersion = "registered_version"
                }
            }
            if let registered { try context.output.emit(Registered(registeredVersion: registered, report: report)) }
            else { try context.output.emit(report) }
        } else {
            Console.out(FairnessText.render(report, seconds: Date().timeIntervalSince(started)))
            if let registered { Console.out("registered the alternative as candidate v\(registered): `segmentops promote \(registered) --dry-run` shows its gates") }
        }
        if strict && report.verdict == .fail { throw CLIExit(ExitStatus.gatesFailed) }
        if strict && report.verdict == .inconclusive { throw CLIExit(ExitStatus.inconclusive) }
    }
}

import Alerting
import ArgumentParser
import Foundation
import Monitoring
import SegmentModel
import SegmentStore
import Supervisor

struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Run every monitor once (what the supervisor runs hourly): drift, evaluation, freshness, guardrails and automatic rollback, registry integrity, alerts.",
        subcommands: [MonitorRunCommand.self, MonitorHistoryCommand.self],
        defaultSubcommand: MonitorRunCommand.self)
}

struct MonitorRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run all monitors for a day, respond to tripped guardrails, evaluate alert rules and deliver.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("as-of"), help: "The day to judge (default: the newest observation).")
    var asOf: DayArgument?

    @Option(name: .long, help: "Judge this version instead of production (no rollback then).")
    var version: VersionArgument?

    @Flag(name: .customLong("no-deliver"), help: "Evaluate alerts but leave delivery to the supervisor.")
    var noDeliver = false

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true)
        let day = try resolveAsOf(asOf, database)
        let alerts = try AlertCenter.load(database: database, config: context.config)
        let outbox = OutboxStore(database: database)
        let lostBefore = try outbox.lostCount()
        let result = try await MonitorCycle(database: database, config: context.config, alerts: alerts)
            .run(asOf: day, version: version?.number, at: context.now, deliver: !noDeliver)
        if global.json { try context.output.emit(result) } else { render(result, day: day) }
        try DeliveryLoss.check(undelivered: 0, lost: try outbox.lostCount() - lostBefore)
    }

    func render(_ result: MonitorCycle.Result, day: Day) {
        let s = result.summary
        Console.out("monitors for \(day)" + (s.version.map { " on v\($0)" } ?? " (no model version yet)"))
        let fr = s.freshness
        Console.out("  freshness   newest observation \(fr.latestObservation?.description ?? "none") (\(fr.observationAgeDays.map { "\($0) days old" } ?? "-")), newest label \(fr.latestLabel?.description ?? "none")"
              + (fr.observationsStale ? "  OBSERVATIONS STALE" : "") + (fr.labelsStale ? "  LABELS STALE" : ""))
        if let d = s.drift {
            let worst = d.worstFeature
            Console.out("  drift       \(d.status == .ok ? "ok" : "insufficient data") — worst feature \(worst?.name ?? "-") psi \(worst?.worstPSI.map { Fmt.f($0) } ?? "-") (\(worst?.worstBand?.rawValue ?? "-")); segment mix psi \(d.segmentMix.psi.map { Fmt.f($0) } ?? "-") (\(d.segmentMix.band?.rawValue ?? "-"))")
        }
        if let e = s.evaluation {
            Console.out("  evaluation  accuracy \(Fmt.f(e.accuracy)) \(EvaluationText.ci(e.accuracyCI)) vs baseline \(Fmt.f(e.baselineAccuracy)); harm \(Fmt.f(e.harmRate)) \(EvaluationText.ci(e.harmRateCI)); n \(e.n); guardrail \(e.guardrail.status)")
            for r in e.guardrail.reasons { Console.out("              - \(r.message)") }
        }
        Console.out("  rollback    \(result.rollback)")
        Console.out("  registry    \(result.integrityOK ? "verified" : "INTEGRITY FAILURE — run `segmentops registry verify`")")
        if result.alertChanges.isEmpty {
            Console.out("  alerts      no changes")
        } else {
            for c in result.alertChanges { Console.out("  alert       \(c.rule) \(c.from) → \(c.to)\(c.notification.map { " (\($0) notification)" } ?? ""): \(c.summary)") }
        }
        if !noDeliver { Console.out("  delivery    \(result.delivered) delivered, \(result.deliveryFailures) failed or deferred") }
    }
}

struct MonitorHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Stored monitor runs, newest first: trends of PSI, accuracy and harm.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "drift, evaluation, freshness or integrity.")
    var kind: String?

    @Option(name: .long, help: "Only runs about this version.")
    var version: VersionArgument?

    @Option(name: .long, help: "How many runs.")
    var limit: Int = 30

    func run() async throws {
        let context = try CommandContext(global)
        let runs = try MonitorRunStore(database: try context.database()).list(kind: kind, version: version?.number, limit: limit)
        if global.json { return try context.output.emit(runs) }
        var table = TextTable(["id", "ran_at", "as_of", "kind", "version", "status", "figures"])
        for r in runs {
            table.add([String(r.id), r.ranAt, r.asOf.description, r.kind, Fmt.v(r.version), r.status, MonitorHistoryCommand.headline(r)])
        }
        Console.out(table.render())
    }

    static func headline(_ r: MonitorRun) -> String {
        switch r.kind {
        case "drift":
            guard let d = try? r.figures.decode(DriftReport.self) else { return "" }
            let w = d.worstFeature
            return "worst \(w?.name ?? "-") \(w?.worstPSI.map { Fmt.f($0, 3) } ?? "-"); mix \(d.segmentMix.psi.map { Fmt.f($0, 3) } ?? "-"); rows \(d.rows)"
        case "evaluation":
            guard let e = try? r.figures.decode(EvaluationReport.self) else { return "" }
            return "accuracy \(Fmt.f(e.accuracy, 3)) (baseline \(Fmt.f(e.baselineAccuracy, 3))) harm \(Fmt.f(e.harmRate, 3)) n \(e.n)"
        case "freshness":
            return "observation age \(r.figures["observation_age_days"]?.doubleValue.map { String(Int($0)) } ?? "-") d, label age \(r.figures["label_age_days"]?.doubleValue.map { String(Int($0)) } ?? "-") d"
        default:
            return r.figures["problems"]?.arrayValue?.first?.stringValue ?? ""
        }
    }
}

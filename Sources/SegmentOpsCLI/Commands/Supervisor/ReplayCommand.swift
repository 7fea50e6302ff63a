import Alerting
import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore
import Supervisor

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Backtest the promotion and alert policy: replay historical observations day by day on a simulated clock.",
        discussion: """
            For each day: ingest that day's rows, run the nightly job (train → gates → promote or block → segment book \
            → monitors → guardrails / rollback → alerts) at the scheduled hour the next morning, and deliver alerts \
            for real to the configured receivers. Days before --from (default: the first day with a full training \
            window behind it) are loaded as history first. Works on a fresh database (created if missing) or a given one.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Observations CSV in the data contract.")
    var file: String

    @Option(name: .long, help: "First day to replay.")
    var from: DayArgument?

    @Option(name: .long, help: "Last day to replay.")
    var to: DayArgument?

    @Flag(name: .customLong("compare-policies"),
          help: "Also replay under two naive policies (always promote the newest version; keep the first) into their own databases, and compare how each served customers.")
    var comparePolicies = false

    func run() async throws {
        let context = try CommandContext(global)
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        // The configuration is recorded by the replay itself, at the simulated time (the log stays in time order).
        let database = try context.database(create: true)
        let json = global.json
        let report: ReplayReport
        if comparePolicies {
            let config = context.config
            report = try await PolicyComparison(config: config, configSnapshot: context.configSnapshot)
                .run(file: file, bytes: [UInt8](data), databasePath: try context.sqliteDatabase(create: true).path,
                     alerts: { try AlertCenter.load(database: $0, config: config) }, from: from?.day, to: to?.day) { line in
                    if !json { Console.out(TimelineText.line(line)) }
                }
        } else {
            let alerts = try AlertCenter.load(database: database, config: context.config)
            let replay = Replay(database: database, config: context.config, configSnapshot: context.configSnapshot, alerts: alerts)
            report = try await replay.run(file: file, bytes: [UInt8](data), from: from?.day, to: to?.day) { line in
                if !json { Console.out(TimelineText.line(line)) }
            }
        }
        if json {
            try context.output.emit(report)
        } else {
            // Added after the last day's line was printed: what the replay could not deliver.
            if let last = report.days.last {
                for e in last.events where e.type == "undelivered" || e.type == "lost" {
                    Console.out("\(last.date)  end of replay  | \(DemoText.describe(e))")
                }
            }
            Console.out(TimelineText.summary(report))
        }
        try DeliveryLoss.check(undelivered: report.summary.undelivered, lost: report.summary.lostNotifications)
    }
}

/// Text rendering of a replay.
enum TimelineText {
    static func line(_ d: ReplayReport.DayLine) -> String { DemoText.timelineLine(d) }

    static func summary(_ r: ReplayReport) -> String {
        let s = r.summary
        var lines = ["", "replayed \(s.days) days (\(r.from)…\(r.to)) in \(Fmt.f(s.seconds, 1)) s",
                     "  promotions \(s.promotions), blocked \(s.blocks), held \(s.held), paused \(s.paused), automatic rollbacks \(s.rollbacks), no safe rollback target \(s.noSafeTarget)",
                     "  notifications delivered \(s.notificationsDelivered)"
                        + (s.undelivered > 0 ? ", \(s.undelivered) undelivered (kept in the outbox for the next run)" : "")
                        + (s.lostNotifications > 0 ? ", \(s.lostNotifications) LOST (no receiver accepted them)" : "")]
        if s.alertsFired.isEmpty {
            lines.append("  alerts fired: none")
        } else {
            lines.append("  alerts fired: " + s.alertsFired.keys.sorted().map { "\($0) ×\(s.alertsFired[$0]!)" }.joined(separator: ", "))
        }
        if let st = r.stability, st.customers > 0 {
            lines.append("  confirmed segments: \(s.segmentChanges) changes over the replay; \(Fmt.f(st.confirmedVelocity, 1)) per 1,000 customers per 30 days (raw argmax \(Fmt.f(st.rawVelocity, 1))), flip-flops \(st.flipFlops) (raw \(st.rawFlipFlops)), median dwell \(st.medianDwellDays.map { Fmt.f($0, 0) + " days" } ?? "-")")
        }
        if let policies = r.policies { lines += ["", policyTable(policies)] }
        return lines.joined(separator: "\n")
    }

    static func policyTable(_ policies: [PolicyFigures]) -> String {
        var table = TextTable(["policy", "mean accuracy", "harm rows", "avoidable-harm days", "recovery", "promotions",
                               "remedial", "rollbacks", "alerts"])
        for p in policies {
            table.add([p.name, Fmt.f(p.meanAccuracy), String(p.harmRows), String(p.avoidableHarmDays),
                       p.recovered ? "\(p.recoveryDays) days" : "not by the end (\(p.recoveryDays)+ days)",
                       String(p.promotions), String(p.remedialPromotions), String(p.rollbacks), String(p.alerts)])
        }
        return "the same history under three policies (every label the file holds; databases: "
            + policies.map { ($0.database as NSString).lastPathComponent }.joined(separator: ", ") + ")\n"
            + table.render(indent: "  ")
    }
}

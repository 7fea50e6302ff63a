import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Database sizes per table and retention (raw scores and observations past their windows).",
        subcommands: [DatabaseStatsCommand.self, DatabasePruneCommand.self])
}

struct DatabaseStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Rows and bytes per table (with its indexes), free pages, and what retention would free.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Judge retention as of this day (default: the newest observation).")
    var asOf: DayArgument?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let stats = try DatabaseStats.load(database, retention: Retention(database: database, config: context.config.storage),
                                           asOf: asOf?.day)
        if global.json { return try context.output.emit(stats) }
        Console.out("\(stats.path): \(Fmt.bytes(stats.fileBytes)) (\(Fmt.bytes(stats.freeBytes)) free pages, reused before the file grows)")
        var table = TextTable(["table", "rows", "bytes", "bytes/row"], rightAligned: [1, 2, 3])
        for t in stats.tables {
            table.add([t.name, "\(t.rows)", t.bytes.map(Fmt.bytes) ?? "?",
                       t.bytes.map { t.rows > 0 ? "\($0 / t.rows)" : "-" } ?? "?"])
        }
        Console.out(table.render(indent: "  "))
        if let plan = stats.retention {
            Console.out("retention: \(plan.scores) raw scores before \(plan.scoresBefore) and \(plan.observations) observations before "
                        + "\(plan.observationsBefore) would be pruned" + (stats.retentionFreesBytes.map { " (about \(Fmt.bytes($0)))" } ?? "")
                        + "; the nightly run prunes them, or `segmentops db prune`")
        }
    }
}

struct DatabasePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove raw scores and observations past their retention windows now (the nightly run does it too).",
        discussion: "Each customer's newest score, versions, the audit chain, production intervals and alert history are never pruned.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Prune as of this day (default: the newest observation).")
    var asOf: DayArgument?

    @Flag(name: .long, help: "Say what would be pruned, change nothing.")
    var dryRun = false

    @Option(name: .long, help: "Who is pruning (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        guard let day = try asOf?.day ?? ObservationStore(database: database).latestDay() else {
            throw CLIError("no observations stored: nothing to prune")
        }
        let retention = Retention(database: database, config: context.config.storage)
        let plan = dryRun ? try retention.plan(asOf: day) : try retention.prune(asOf: day, actor: ActorIdentity.resolve(actor), at: Date())
        if global.json { return try context.output.emit(plan) }
        Console.out((dryRun ? "would prune " : "pruned ") + "\(plan.scores) raw scores before \(plan.scoresBefore) and "
                    + "\(plan.observations) observations before \(plan.observationsBefore)"
                    + (dryRun || plan.scores + plan.observations == 0 ? "" : " (audit-log entry \"prune\")"))
    }
}

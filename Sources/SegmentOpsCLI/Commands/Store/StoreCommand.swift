import ArgumentParser
import Foundation
import PostgresStore
import SegmentModel
import SegmentStore

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store between engines (SQLite file to PostgreSQL).",
        subcommands: [StoreCopyCommand.self])
}

struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite store (registry, audit history, observations and everything else) into an empty PostgreSQL database.",
        discussion: """
            One transaction: the target shows all of it or nothing. Afterwards both registries are verified (artifact \
            hashes, the audit chain, stages and production intervals) and must end in the same audit hash; \
            `segmentops registry verify --db URL` says the same. The source is only read. Exit 0 when the copy \
            verifies, 1 otherwise.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The SQLite file to copy.", valueName: "file.db"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL database to copy into (empty; created by `createdb`).",
                                            valueName: "postgres://…"))
    var to: String

    func run() async throws {
        let context = try CommandContext(global)
        guard PostgresLocation.isURL(to) else { throw CLIError("--to must be a postgres:// URL, got '\(to)'") }
        guard !PostgresLocation.isURL(from) else { throw CLIError("--from must be a SQLite file, got a URL") }
        let schema = try SegmentDatabase.storedSchema(path: from) ?? context.config.schema
        let source = try SegmentDatabase.open(path: from, schema: schema)
        let target = try PostgresBackend.open(url: to, schema: schema, create: true)
        defer { target.close() }
        let report = try StoreCopy(source: source, target: target).run { table, rows in
            context.output.progress("\(table): \(rows) rows")
        }
        context.output.endProgress()
        if global.json {
            try context.output.emit(report)
        } else {
            var table = TextTable(["table", "rows"], rightAligned: [1])
            for t in report.tables where t.rows > 0 { table.add([t.name, "\(t.rows)"]) }
            Console.out("copied \(report.rows) rows from \(report.from) to \(report.to) in \(Fmt.f(report.seconds, 1)) s")
            Console.out(table.render(indent: "  "))
            let target = report.target
            Console.out("verify  \(target?.ok == true ? "ok" : "FAILED"): \(target?.versionsChecked ?? 0) versions, "
                        + "\(target?.entriesChecked ?? 0) audit entries, head \(report.auditHead.map { String($0.prefix(16)) + "…" } ?? "differs from the source")")
            for problem in target?.problems ?? [] { Console.out("  \(problem)") }
        }
        if !report.ok { throw ExitCode(1) }
    }
}

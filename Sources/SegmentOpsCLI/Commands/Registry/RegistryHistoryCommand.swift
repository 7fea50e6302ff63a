import ArgumentParser
import Foundation
import SegmentStore

struct RegistryHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The audit log: who changed what, when, why, and on what evidence.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only entries at or after this date or timestamp.")
    var since: TimestampArgument?

    @Option(name: .long, help: "Only entries about this version.")
    var version: VersionArgument?

    @Option(name: .long, help: "Only the last N entries.")
    var limit: Int?

    @Flag(name: .long, help: "Hide the evidence lines in text output.")
    var brief = false

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        if let version { _ = try registry.version(version.number) }
        let entries = try registry.history(since: since.map { Timestamp.format($0.date) }, version: version?.number,
                                           limit: limit)
        if global.json { return try context.output.emit(entries) }
        Console.out(HistoryText.render(entries, withEvidence: !brief))
    }
}

struct RegistryAtCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "at",
        abstract: "Which version was in production at a moment, since when, and why.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A date (its start, UTC) or an ISO timestamp such as 2026-03-01T02:00:00Z.")
    var timestamp: String

    struct Result: Encodable {
        let at: String
        let version: Int?
        let since: String?
        let until: String?
        let decision: AuditEntry?
    }

    func run() async throws {
        guard let date = Timestamp.parse(timestamp) else {
            throw ValidationError("'\(timestamp)' is not a date or timestamp; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        let interval = try registry.production(at: date)
        let decision = try interval.flatMap { i in try registry.history().first { $0.seq == i.startedSeq } }
        let result = Result(at: Timestamp.format(date), version: interval?.version, since: interval?.startedAt,
                            until: interval?.endedAt, decision: decision)
        if global.json { return try context.output.emit(result) }
        guard let interval else { return Console.out("no version was in production at \(result.at)") }
        Console.out("v\(interval.version) was in production at \(result.at): since \(interval.startedAt)"
              + (interval.endedAt.map { " until \($0)" } ?? " (still serving)"))
        if let decision { Console.out(HistoryText.render([decision], withEvidence: true, indent: "  ")) }
    }
}

struct RegistryVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every artifact hash and the audit hash chain; exit 1 naming the first problem.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let report = try RegistryVerifier(database: database).verify()
        if global.json { try context.output.emit(report) } else if report.ok {
            Console.out("ok: \(report.versionsChecked) artifacts and \(report.entriesChecked) audit entries verified")
        } else {
            Console.out("FAILED: \(report.problems[0])")
            for p in report.problems.dropFirst() { Console.out("  also: \(p)") }
            Console.out("the database was changed outside segmentops; restore it from a backup and investigate who had write access")
        }
        if !report.ok { throw CLIExit(ExitStatus.failure) }
    }
}

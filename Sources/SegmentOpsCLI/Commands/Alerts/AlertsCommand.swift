import Alerting
import ArgumentParser
import Foundation
import SegmentConfig
import SegmentStore

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Alert states, history, deliveries; test a receiver; validate rule files.",
        subcommands: [AlertsListCommand.self, AlertsHistoryCommand.self, AlertsDeliveriesCommand.self,
                      AlertsTestCommand.self, AlertsCheckCommand.self, AlertsDeliverCommand.self])
}

struct AlertsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Current state of every alert (firing first).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Include inactive and resolved alerts.")
    var all = false

    func run() async throws {
        let context = try CommandContext(global)
        let states = try AlertStateStore(database: try context.database()).all()
            .filter { all || $0.state == .firing || $0.state == .pending }
        let order: [AlertStateRecord.State: Int] = [.firing: 0, .pending: 1, .resolved: 2, .inactive: 3]
        let sorted = states.sorted { (order[$0.state]!, $0.rule) < (order[$1.state]!, $1.rule) }
        if global.json { return try context.output.emit(sorted) }
        guard !sorted.isEmpty else { return Console.out("no alerts firing or pending" + (all ? "" : " (use --all for the rest)")) }
        var table = TextTable(["state", "severity", "alert", "since", "summary"])
        for s in sorted {
            let labels = s.labels.filter { !["category", "team"].contains($0.key) }
            let name = s.rule + (labels.isEmpty ? "" : "{" + labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",") + "}")
            table.add([s.state.rawValue + (s.flapping ? " (flapping)" : ""), s.severity, name,
                       s.firingSince ?? s.activeSince ?? "-", s.summary])
        }
        Console.out(table.render())
    }
}

struct AlertsHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Alert state changes, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only this rule.") var rule: String?
    @Option(name: .long, help: "Only changes at or after this date or timestamp.") var since: TimestampArgument?
    @Option(name: .long, help: "How many changes.") var limit: Int = 50

    func run() async throws {
        let context = try CommandContext(global)
        let transitions = try AlertStateStore(database: try context.database())
            .transitions(rule: rule, since: since.map { Timestamp.format($0.date) }, limit: limit)
        if global.json { return try context.output.emit(transitions) }
        guard !transitions.isEmpty else { return Console.out("no alert state changes yet") }
        var table = TextTable(["at", "alert", "change", "notified", "figures"])
        for t in transitions {
            let figures = t.figures.objectValue ?? [:]
            let keys = ["feature", "psi", "accuracy", "harm_rate", "decay", "version", "count", "age_days"].filter { figures[$0] != nil }
            table.add([t.at, t.rule, "\(t.from) → \(t.to)", t.note ?? "-",
                       keys.map { "\($0)=\(figures[$0]!.stringValue ?? figures[$0]!.text)" }.joined(separator: " ")])
        }
        Console.out(table.render())
    }
}

struct AlertsDeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "Outbox deliveries per receiver, newest first.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Only dead letters (given up), with the notifications no receiver accepted (lost).") var failed = false
    @Option(name: .long, help: "How many deliveries.") var limit: Int = 50

    func run() async throws {
        let context = try CommandContext(global)
        let store = OutboxStore(database: try context.database())
        let items = try store.list(failed: failed, limit: limit)
        let lost = failed ? try store.lost(limit: limit) : []
        if global.json {
            return try context.output.emit(failed ? JSONValue.object(["dead_letters": try JSONValue(encoding: items),
                                                                      "lost": try JSONValue(encoding: lost)])
                                                  : try JSONValue(encoding: items))
        }
        let depth = try store.depth()
        Console.out("outbox: \(depth.pending) pending" + (depth.oldest.map { ", oldest since \(Timestamp.format($0))" } ?? ""))
        if !lost.isEmpty {
            Console.out("LOST: \(lost.count) notifications reached no receiver (at-least-once delivery broken for these):")
            var table = TextTable(["notification", "alert", "status", "created", "lost at", "receivers", "reason"])
            for l in lost { table.add([l.notificationID, l.rule, l.status, l.createdAt, l.lostAt, l.receivers, l.reason]) }
            Console.out(table.render())
            Console.out("dead letters:")
        }
        guard !items.isEmpty else { return Console.out(failed ? "no dead letters" : "no deliveries yet") }
        var table = TextTable(["id", "receiver", "alert", "status", "state", "attempts", "last", "next / delivered", "error"])
        for i in items {
            table.add([String(i.id), i.receiver, i.rule, i.status, i.state, String(i.attempts),
                       i.lastStatus.map { "HTTP \($0)" } ?? "-", i.deliveredAt ?? (i.state == "pending" ? i.nextAttemptAt : "-"),
                       String((i.lastError ?? "").prefix(60))])
        }
        Console.out(table.render())
    }
}

struct AlertsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a synthetic notification to one receiver through the outbox, end to end, and report the result.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Receiver name from alerting.receivers.") var receiver: String

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let center = AlertCenter(database: database, config: context.config, rules: [])
        let id = try center.sendTest(receiver: receiver, at: context.now)
        _ = try await center.deliver()
        let item = try OutboxStore(database: database).list(limit: 200).first { $0.notificationID == id }
        if global.json { return try context.output.emit(item) }
        guard let item else { throw CLIError("the test notification was not found in the outbox") }
        switch item.state {
        case "delivered": Console.out("delivered to \(receiver): HTTP \(item.lastStatus ?? 0) (notification \(id))")
        case "dead": throw CLIError("\(receiver) refused the test notification permanently: \(item.lastError ?? "")")
        default: throw CLIError("\(receiver) did not accept the test notification yet: \(item.lastError ?? "no answer"); it stays in the outbox and will be retried at \(item.nextAttemptAt)")
        }
    }
}

struct AlertsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the rule files of a folder (default: alerting.rules_dir) and their runbooks.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Folder of rule files.") var directory: String?

    func run() async throws {
        let context = try CommandContext(global)
        let dir = directory ?? context.config.rulesDirectory
        let runbooks = directory == nil ? context.config.runbooksDirectory : nil
        do {
            let rules = try RuleLoader(rulesDirectory: dir, runbooksDirectory: runbooks).load()
            if global.json {
                return try context.output.emit(rules.map { ["name": $0.name, "source": $0.source, "severity": $0.severity.rawValue,
                                                            "condition": $0.condition.text, "runbook": $0.runbook] })
            }
            Console.out("ok: \(rules.count) rules in \(dir)")
            for r in rules { Console.out("  \(r.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(r.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.source) (\(r.condition.text)) → \(r.runbook)") }
        } catch let failure as RuleLoader.Failure {
            throw CLIError(failure.description)
        }
    }
}

struct AlertsDeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliver", abstract: "Attempt every due delivery once (the supervisor does this continuously).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        let center = AlertCenter(database: try context.database(), config: context.config, rules: try RuleLoader(
            rulesDirectory: context.config.rulesDirectory, runbooksDirectory: context.config.runbooksDirectory).load())
        let pass = try await center.deliver()
        if global.json { return try context.output.emit(["delivered": pass.delivered, "retried": pass.retried, "dead": pass.dead]) }
        Console.out("\(pass.delivered) delivered, \(pass.retried) to retry, \(pass.dead) dead-lettered")
    }
}

import ArgumentParser
import Foundation
import Release
import SegmentStore

struct PromotionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promotion",
        abstract: "Pause, resume or show automatic promotion (recorded in the audit log).",
        subcommands: [PromotionPauseCommand.self, PromotionResumeCommand.self, PromotionStatusCommand.self],
        defaultSubcommand: PromotionStatusCommand.self)
}

struct PromotionPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Stop the supervisor from promoting new candidates until resumed (candidates are still trained and held).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Why (recorded in the audit log).") var reason: String
    @Option(name: .long, help: "Who is pausing.") var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true, actor: actor)
        try PromotionSwitch(database: database).pause(actor: ActorIdentity.resolve(actor), reason: reason, at: context.now)
        if global.json { return try context.output.emit(try PromotionSwitch(database: database).current()) }
        Console.out("automatic promotion paused; resume with `segmentops promotion resume --reason TEXT`")
    }
}

struct PromotionResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Let the supervisor promote passing candidates again.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Why (recorded in the audit log).") var reason: String
    @Option(name: .long, help: "Who is resuming.") var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true, actor: actor)
        let toggle = PromotionSwitch(database: database)
        guard try toggle.current() != nil else { throw CLIError("automatic promotion is not paused") }
        try toggle.resume(actor: ActorIdentity.resolve(actor), reason: reason, at: context.now)
        if global.json { return try context.output.emit(["paused": false]) }
        Console.out("automatic promotion resumed")
    }
}

struct PromotionStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Whether automatic promotion is on, paused by hand, or held by a critical data-drift alert.")

    @OptionGroup var global: GlobalOptions

    struct Result: Encodable {
        let autoPromote: Bool
        let pausedBy: PromotionSwitch.Pause?
        let blockingAlerts: [String]
        enum CodingKeys: String, CodingKey {
            case autoPromote = "auto_promote"
            case pausedBy = "paused_by"
            case blockingAlerts = "blocking_alerts"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let pause = try PromotionSwitch(database: database).current()
        let alerts = try AlertStateStore(database: database).firing(category: "data-drift", severity: "critical")
            .map { $0.rule + ($0.labels["feature"].map { "{feature=\($0)}" } ?? "") }
        let result = Result(autoPromote: context.config.release.autoPromote, pausedBy: pause, blockingAlerts: alerts)
        if global.json { return try context.output.emit(result) }
        if !result.autoPromote { Console.out("automatic promotion is off in configuration (release.auto_promote: false)") }
        else if let pause { Console.out("automatic promotion PAUSED by \(pause.by) since \(pause.at): \(pause.reason)") }
        else if !alerts.isEmpty { Console.out("automatic promotion held while critical data-drift alerts fire: \(alerts.joined(separator: ", "))") }
        else { Console.out("automatic promotion is on") }
    }
}

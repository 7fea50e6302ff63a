import ArgumentParser
import Foundation
import SegmentStore

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Return production to an earlier version (default: the one before the current), compare-and-set.",
        discussion: "The current version becomes rolled_back. Exit 5 if production changed while the command ran.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The version to return to (default: the previous production version).")
    var to: VersionArgument?

    @Option(name: .long, help: "Why (recorded in the audit log).")
    var reason: String

    @Option(name: .long, help: "Who is rolling back (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    @Flag(name: .long, help: "Allow a target that was rejected or rolled back.")
    var force = false

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context, write: true, actor: actor).registry
        guard let current = try registry.production() else { throw RegistryError.noProduction }
        guard let target = try to?.number ?? registry.previousProduction() else { throw RegistryError.noRollbackTarget }
        do {
            let entry = try registry.changeProduction(
                ProductionChange(kind: .rollback, target: target, expect: .version(current.version),
                                 actor: ActorIdentity.resolve(actor), reason: reason, force: force),
                requireApproval: false, at: context.now)
            if global.json { return try context.output.emit(entry) }
            Console.out("rolled back: v\(target) is in production; v\(current.version) is rolled_back (audit entry #\(entry.seq))")
        } catch let error as RegistryError {
            if case .conflict = error { throw CLIError(error.description, code: ExitStatus.conflict) }
            throw error
        }
    }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Mark a candidate (or archived) version rejected: it will not serve without --force.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Version (3 or v3).") var version: VersionArgument
    @Option(name: .long, help: "Why (recorded in the audit log).") var reason: String
    @Option(name: .long, help: "Who is rejecting.") var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context, write: true, actor: actor).registry
        let entry = try registry.reject(version.number, actor: ActorIdentity.resolve(actor), reason: reason, at: context.now)
        if global.json { return try context.output.emit(entry) }
        Console.out("v\(version.number) rejected (audit entry #\(entry.seq))")
    }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a version for promotion (needed when release.require_approval is true).",
        discussion: "The approver must be neither the version's trainer nor the one who promotes it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Version (3 or v3).") var version: VersionArgument
    @Option(name: .long, help: "Who approves (default: $SEGMENTOPS_ACTOR, else the OS user).") var actor: String?
    @Option(name: .long, help: "Optional note for the audit log.") var reason: String?

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context, write: true, actor: actor).registry
        let entry = try registry.approve(version.number, actor: ActorIdentity.resolve(actor), reason: reason, at: context.now)
        if global.json { return try context.output.emit(entry) }
        Console.out("v\(version.number) approved by \(entry.actor) (audit entry #\(entry.seq))")
    }
}

import Alerting
import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore
import Segments

struct SegmentsStabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stability",
                                                    abstract: "Weekly churn of confirmed against raw segments, flip-flops, velocity, dwell, transitions per month.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        let r = try SegmentStability(database: try context.database()).report()
        if global.json { return try context.output.emit(r) }
        guard let from = r.from, let to = r.to else { return Console.out("no segment history yet; it builds nightly (or run `segmentops segments update`)") }
        Console.out("segment stability \(from)…\(to), \(r.customers) confirmed customers")
        Console.out("  velocity   confirmed \(Fmt.f(r.confirmedVelocity, 1)) vs raw argmax \(Fmt.f(r.rawVelocity, 1)) changes per 1,000 customers per 30 days")
        Console.out("  changes    confirmed \(r.confirmedChanges), raw \(r.rawChanges); flip-flops (A→B→A within 28 days) confirmed \(r.flipFlops), raw \(r.rawFlipFlops)")
        Console.out("  dwell      median \(r.medianDwellDays.map { Fmt.f($0, 0) + " days" } ?? "-") in a confirmed segment before it changed")
        var weeks = TextTable(["week of", "customers", "confirmed churn", "raw churn"], rightAligned: [1, 2, 3])
        for w in r.weeks { weeks.add([w.from.description, String(w.customers), Fmt.pct(w.confirmedChurn), Fmt.pct(w.rawChurn)]) }
        Console.out(weeks.render(indent: "  "))
        for month in r.transitions.keys.sorted() {
            let t = r.transitions[month]!
            Console.out("  \(month): " + t.keys.sorted().flatMap { from in t[from]!.keys.sorted().map { "\(from)→\($0) \(t[from]![$0]!)" } }.joined(separator: ", "))
        }
    }
}

struct SegmentsReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release",
                                                    abstract: "Release a segment change storm hold: the next nightly run applies and sends the changes (recorded in the audit log).")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Why (required; recorded in the audit log).") var reason: String
    @Option(name: .long, help: "Who is releasing (default: $SEGMENTOPS_ACTOR, else the OS user).") var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        do {
            let hold = try SegmentHold.release(try context.database(), actor: ActorIdentity.resolve(actor), reason: reason, at: context.now)
            if global.json { return try context.output.emit(hold) }
            Console.out("released: v\(hold.version)'s \(hold.changes) held changes apply at the next nightly run (or `segmentops segments update`)")
        } catch let error as SegmentsError {
            throw CLIError(error.description)
        }
    }
}

struct SegmentsUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update",
                                                    abstract: "Fold new observations into the confirmed segments now (what the nightly job does).")
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("as-of"), help: "Last observation day to fold in (default: the newest observation).") var asOf: DayArgument?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let day = try resolveAsOf(asOf, database)
        let outcome = try SegmentTracker(database: database, config: context.config).update(asOf: day, at: context.now)
        if global.json { return try context.output.emit(outcome) }
        Console.out("segments through \(day): \(outcome.observations) observations of \(outcome.customers) customers — "
                    + "\(outcome.changed) changed, \(outcome.firstConfirmations) first confirmed, \(outcome.transitionsStarted) transitions started, \(outcome.transitionsCleared) cleared"
                    + (outcome.held ? "; HELD by the storm guard (see `segmentops segments status`)" : "")
                    + (outcome.quarantined ? "; QUARANTINED: a critical data-drift alert is firing, nothing changed" : ""))
    }
}

struct SegmentsDeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliver",
                                                    abstract: "Deliver the change feed's pending batches now, in order per destination; exits 6 when some stay pending.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let pass = try await FeedDispatcher(database: database, config: context.config).deliver()
        let left = try FeedOutboxStore(database: database).depth().reduce(0) { $0 + $1.pending }
        if global.json {
            try context.output.emit(JSONValue.object(["batches": .int(pass.batches), "events": .int(pass.events),
                                                      "failed": .int(pass.failed), "dead": .int(pass.dead), "pending": .int(left)]))
        } else {
            Console.out("\(pass.events) events in \(pass.batches) batches delivered, \(pass.failed) failed (will retry in order), \(pass.dead) dead-lettered; \(left) batches pending")
        }
        if left > 0 { throw CLIExit(ExitStatus.alertsUndelivered) }
    }
}

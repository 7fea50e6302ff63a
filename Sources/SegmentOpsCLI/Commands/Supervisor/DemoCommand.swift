import ArgumentParser
import Foundation
import Logging
import Simulation
import Supervisor

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a scenario into a fresh database, replay it with real alert delivery, and tell the story.",
        discussion: """
            Scenarios: concept (default: builders start to look like acquirers — the guardrail trips, no older version \
            is safe, a retrain recovers), broken_feed, migration, stable. Alerts go through the outbox and libcurl to a \
            webhook receiver the demo runs on 127.0.0.1, which checks every signature.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "concept | broken_feed | migration | stable")
    var scenario: String = "concept"

    @Option(name: .long, help: "Folder for the demo database and CSV (default ./segmentops-demo-SCENARIO).")
    var dir: String?

    @Option(name: .long, help: "Customers to simulate (each observed weekly).")
    var customers: Int = 4000

    @Option(name: .long, help: "Days to simulate (the replay starts once 60 days of history exist).")
    var days: Int = 120

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 7

    struct Result: Encodable {
        struct Receiver: Encodable {
            let received: Int
            let firing: Int
            let resolved: Int
            let badSignatures: Int
            enum CodingKeys: String, CodingKey {
                case received, firing, resolved
                case badSignatures = "bad_signatures"
            }
        }
        let database: String
        let observations: String
        let changeDay: String
        let report: ReplayReport
        let story: [String]
        let receiver: Receiver
        let seconds: Double
        enum CodingKeys: String, CodingKey {
            case database, observations, report, story, receiver, seconds
            case changeDay = "change_day"
        }
    }

    func run() async throws {
        guard let kind = Scenario(rawValue: scenario) else {
            throw ValidationError("unknown scenario '\(scenario)'; use \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let context = try CommandContext(global)
        let folder = dir ?? "segmentops-demo-\(kind.rawValue)"
        var logger = Logger(label: "segmentops.demo")
        logger.logLevel = .fromEnvironment(or: .error)
        let started = Date()
        let demo = Demo(scenario: kind, directory: folder, customers: customers, days: days, seed: seed,
                        config: context.config, configSnapshot: context.configSnapshot, logger: logger)
        let json = global.json
        let outcome = try await demo.run { if !json { Console.out($0) } }
        let r = outcome.report
        if json {
            let t = outcome.receiver
            return try context.output.emit(Result(
                database: outcome.databasePath, observations: outcome.csvPath, changeDay: outcome.spec.changeDay.description,
                report: r, story: DemoText.story(r),
                receiver: .init(received: t.received, firing: t.firing.count, resolved: t.resolved.count, badSignatures: t.badSignatures),
                seconds: Date().timeIntervalSince(started)))
        }
        Console.out(TimelineText.summary(r))
        Console.out("\nthe story (\(kind.rawValue), change from \(outcome.spec.changeDay)):")
        for line in DemoText.story(r) { Console.out("  \(line)") }
        let t = outcome.receiver
        Console.out("\non-call received \(t.received) signed webhook notifications (\(t.firing.count) firing, \(t.resolved.count) resolved; \(t.badSignatures) bad signatures)")
        Console.out("demo finished in \(Fmt.f(Date().timeIntervalSince(started), 1)) s")
        let db = outcome.databasePath
        // Name the binary the way it was run (.build/debug/segmentops from a checkout), so the lines can be pasted.
        let me = CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil } ?? "segmentops"
        Console.out("""

            where to look next:
              \(me) registry history --db \(db) --limit 30     # who promoted, blocked, rolled back, and why
              \(me) registry list --db \(db)
              \(me) alerts history --db \(db)
              \(me) alerts deliveries --db \(db)
              \(me) evaluate --db \(db)                        # realised accuracy with Wilson intervals
              \(me) drift --db \(db)                           # PSI per feature, bin by bin
              \(me) supervise --db \(db)                       # then open http://127.0.0.1:8080/ui (or curl /v1/models)
            """)
    }
}

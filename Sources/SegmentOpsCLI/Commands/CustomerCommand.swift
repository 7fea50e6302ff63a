import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore
import Segments

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "One customer as the service agent sees it: confirmed segment and since when, runner-up and its evidence, open flags, 60 days of probabilities.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer id.") var id: String

    func run() async throws {
        let context = try CommandContext(global)
        let profile: CustomerProfile
        do {
            profile = try CustomerProfile.load(id, database: try context.database(), config: context.config)
        } catch let error as SegmentsError {
            throw CLIError(error.description)
        }
        if global.json { return try context.output.emit(profile) }
        Console.out("\(profile.customerID)  " + (profile.segment.map { "\($0) since \(profile.since?.description ?? "?")" }
            ?? "\(profile.status)" + (profile.observations.map { " (\($0) of \(context.config.segments.provisionalObservations) observations)" } ?? "")))
        if let r = profile.runnerUp {
            Console.out("  runner-up  \(r.segment): evidence \(Fmt.f(r.evidence, 2)) (flag at \(Fmt.f(r.flagThreshold, 1)), change at \(Fmt.f(r.confirmThreshold, 1)))")
        }
        for f in profile.flags { Console.out("  FLAG       transition toward \(f.toward) since \(f.since?.description ?? "?")") }
        if let latest = profile.latest {
            Console.out("  latest     \(latest.asOf) v\(latest.version): " + latest.probabilities.keys.sorted().map { "\($0) \(Fmt.f(latest.probabilities[$0]!, 2))" }.joined(separator: ", ")
                        + (latest.suspect ? "  (suspect: scored during a broken feed)" : ""))
        }
        guard let first = profile.series.first, let last = profile.series.last else { return }
        Console.out("  \(first.asOf)…\(last.asOf), one mark per observation:")
        for segment in context.config.schema.segments {
            let values = profile.series.map { $0.probabilities[segment] ?? 0 }
            Console.out("  \(segment.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Sparkline.render(values))  \(Fmt.f(values.last ?? 0, 2))")
        }
    }
}

/// A text sparkline of values in [0, 1].
enum Sparkline {
    static let marks = Array("▁▂▃▄▅▆▇█")

    static func render(_ values: [Double]) -> String {
        String(values.map { marks[min(marks.count - 1, max(0, Int(($0 * Double(marks.count)).rounded(.down))))] })
    }
}

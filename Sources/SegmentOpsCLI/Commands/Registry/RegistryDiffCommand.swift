import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct RegistryDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions: metric deltas, coefficient deltas, windows and data.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The base version.") var base: VersionArgument
    @Argument(help: "The version compared with it.") var other: VersionArgument

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        let result = try VersionDiff(registry: registry, base: base.number, other: other.number)
        let metrics = result.metrics, coefficients = result.coefficients
        let wa = result.data.baseWindow, wb = result.data.otherWindow, overlap = result.data.overlapDays
        if global.json { return try context.output.emit(result) }
        Console.out("v\(base.number) → v\(other.number)")
        Console.out("  window   \(wa) → \(wb) (\(overlap) days overlap); train rows \(result.data.baseTrainRows) → \(result.data.otherTrainRows); "
              + (result.data.sameData ? "same data" : "different data") + "; " + (result.data.sameConfig ? "same config" : "different config"))
        var m = TextTable(["metric", "v\(base.number)", "v\(other.number)", "delta"], rightAligned: [1, 2, 3])
        for key in metrics.keys.sorted() {
            let d = metrics[key]!
            m.add([key, Fmt.f(d.base), Fmt.f(d.other), Fmt.signed(d.delta)])
        }
        Console.out(m.render(indent: "  "))
        var c = TextTable(["feature"] + result.segments.map { "Δ\($0)" }, rightAligned: Set(1...result.segments.count))
        for f in result.features {
            c.add([f] + result.segments.map { Fmt.signed(coefficients[$0]?[f]?.delta ?? 0, 3) })
        }
        Console.out("coefficient deltas (standardised features)")
        Console.out(c.render(indent: "  "))
    }
}

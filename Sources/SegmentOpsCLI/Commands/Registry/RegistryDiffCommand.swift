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

    struct Result: Encodable {
        let base: Int
        let other: Int
        let metrics: [String: Delta]
        let coefficients: [String: [String: Delta]]
        let data: DataDiff
        struct Delta: Encodable {
            let base: Double
            let other: Double
            let delta: Double
        }
        struct DataDiff: Encodable {
            let baseWindow: DayRange
            let otherWindow: DayRange
            let overlapDays: Int
            let baseTrainRows: Int
            let otherTrainRows: Int
            let sameData: Bool
            let sameConfig: Bool
            enum CodingKeys: String, CodingKey {
                case baseWindow = "base_window"
                case otherWindow = "other_window"
                case overlapDays = "overlap_days"
                case baseTrainRows = "base_train_rows"
                case otherTrainRows = "other_train_rows"
                case sameData = "same_data"
                case sameConfig = "same_config"
            }
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        let a = try registry.artifact(base.number), b = try registry.artifact(other.number)
        func delta(_ x: Double, _ y: Double) -> Result.Delta { .init(base: x, other: y, delta: y - x) }
        var metrics: [String: Result.Delta] = [
            "accuracy": delta(a.metrics.accuracy, b.metrics.accuracy),
            "log_loss": delta(a.metrics.logLoss, b.metrics.logLoss),
            "harm_rate": delta(a.metrics.harmRate, b.metrics.harmRate),
        ]
        for s in a.segments {
            metrics["recall.\(s)"] = delta(a.metrics.recall[s] ?? 0, b.metrics.recall[s] ?? 0)
            metrics["precision.\(s)"] = delta(a.metrics.precision[s] ?? 0, b.metrics.precision[s] ?? 0)
        }
        var coefficients = [String: [String: Result.Delta]]()
        for s in a.segments {
            for f in a.features {
                coefficients[s, default: [:]][f] = delta(a.coefficients[s]?[f] ?? 0, b.coefficients[s]?[f] ?? 0)
            }
        }
        let wa = a.training.window, wb = b.training.window
        let overlap = max(0, min(wa.to, wb.to) - max(wa.from, wb.from) + 1)
        let result = Result(
            base: base.number, other: other.number, metrics: metrics, coefficients: coefficients,
            data: .init(baseWindow: wa, otherWindow: wb, overlapDays: overlap, baseTrainRows: a.training.trainRows,
                        otherTrainRows: b.training.trainRows, sameData: a.training.fingerprint == b.training.fingerprint,
                        sameConfig: try registry.configSnapshot(base.number) == registry.configSnapshot(other.number)))
        if global.json { return try context.output.emit(result) }
        Console.out("v\(base.number) → v\(other.number)")
        Console.out("  window   \(wa) → \(wb) (\(overlap) days overlap); train rows \(a.training.trainRows) → \(b.training.trainRows); "
              + (result.data.sameData ? "same data" : "different data") + "; " + (result.data.sameConfig ? "same config" : "different config"))
        var m = TextTable(["metric", "v\(base.number)", "v\(other.number)", "delta"], rightAligned: [1, 2, 3])
        for key in metrics.keys.sorted() {
            let d = metrics[key]!
            m.add([key, Fmt.f(d.base), Fmt.f(d.other), Fmt.signed(d.delta)])
        }
        Console.out(m.render(indent: "  "))
        var c = TextTable(["feature"] + a.segments.map { "Δ\($0)" }, rightAligned: Set(1...a.segments.count))
        for f in a.features {
            c.add([f] + a.segments.map { Fmt.signed(coefficients[$0]?[f]?.delta ?? 0, 3) })
        }
        Console.out("coefficient deltas (standardised features)")
        Console.out(c.render(indent: "  "))
    }
}

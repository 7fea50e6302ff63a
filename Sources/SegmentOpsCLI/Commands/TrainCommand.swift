import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore
import Training

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model version on the window ending at --as-of and register it as a candidate.",
        discussion: """
            Window rule: labelled rows with as_of in the training.window_days (60) days ending at T inclusive; the \
            last training.holdout_days (7) are held out for metrics and never trained on. The new version is \
            numbered one past the highest and starts as a candidate; promote it with `segmentops promote`.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("as-of"), help: "Last day of the window (default: the newest observation).")
    var asOf: DayArgument?

    @Option(name: .long, help: "Who is training (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    struct Result: Encodable {
        let version: Int
        let stage: String
        let asOf: String
        let window: DayRange
        let trainWindow: DayRange
        let holdoutWindow: DayRange
        let trainRows: Int
        let holdoutRows: Int
        let artifactSHA256: String
        let dataFingerprint: String
        let metrics: MetricsReport
        let coefficients: [String: [String: Double]]
        let intercepts: [String: Double]
        let iterations: Int
        let fitSeconds: Double

        enum CodingKeys: String, CodingKey {
            case version, stage, window, metrics, coefficients, intercepts, iterations
            case asOf = "as_of"
            case trainWindow = "train_window"
            case holdoutWindow = "holdout_window"
            case trainRows = "train_rows"
            case holdoutRows = "holdout_rows"
            case artifactSHA256 = "artifact_sha256"
            case dataFingerprint = "data_fingerprint"
            case fitSeconds = "fit_seconds"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true, actor: actor)
        guard let day = try asOf?.day ?? ObservationStore(database: database).latestDay() else {
            throw CLIError("there are no observations yet; ingest some with `segmentops ingest FILE.csv`")
        }
        let outcome = try Trainer(database: database, config: context.config)
            .train(asOf: day, actor: ActorIdentity.resolve(actor), configSnapshot: context.configSnapshot, at: context.now)
        let a = outcome.artifact
        let result = Result(version: outcome.version.version, stage: outcome.version.stage.rawValue,
                            asOf: day.description, window: a.training.window, trainWindow: a.training.trainWindow,
                            holdoutWindow: a.training.holdoutWindow, trainRows: a.training.trainRows,
                            holdoutRows: a.training.holdoutRows, artifactSHA256: outcome.version.artifactSHA256,
                            dataFingerprint: a.training.fingerprint, metrics: a.metrics, coefficients: a.coefficients,
                            intercepts: a.intercepts, iterations: outcome.iterations, fitSeconds: outcome.fitSeconds)
        if global.json { return try context.output.emit(result) }
        Console.out("registered v\(result.version) (candidate) for \(day)")
        Console.out("  train    \(a.training.trainWindow) — \(a.training.trainRows) labelled rows, \(outcome.iterations) L-BFGS iterations, \(Fmt.f(outcome.fitSeconds, 2)) s")
        Console.out("  holdout  \(a.training.holdoutWindow) — \(a.training.holdoutRows) labelled rows")
        Console.out("  artifact sha256 \(result.artifactSHA256)")
        Console.out(MetricsText.render(a.metrics, segments: a.segments, indent: "  "))
        Console.out("  strongest coefficients (standardised features):")
        for segment in a.segments {
            let top = (a.coefficients[segment] ?? [:]).sorted { abs($0.value) > abs($1.value) }.prefix(4)
            Console.out("    \(segment.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                  + top.map { "\($0.key) \(Fmt.signed($0.value, 2))" }.joined(separator: ", "))
        }
        Console.out("next: segmentops registry show \(result.version)   |   segmentops promote \(result.version) --reason TEXT")
    }
}

/// Text rendering of classification metrics.
enum MetricsText {
    static func render(_ m: MetricsReport, segments: [String], indent: String) -> String {
        var lines = ["\(indent)accuracy \(Fmt.f(m.accuracy))  log-loss \(Fmt.f(m.logLoss))  harm rate \(Fmt.f(m.harmRate))  (n = \(m.n))"]
        var table = TextTable(["segment", "precision", "recall", "support"] + segments.map { "→\($0)" },
                              rightAligned: Set(1...(3 + segments.count)))
        for s in segments {
            table.add([s, Fmt.f(m.precision[s] ?? 0, 3), Fmt.f(m.recall[s] ?? 0, 3), String(m.support[s] ?? 0)]
                      + segments.map { String(m.confusion[s]?[$0] ?? 0) })
        }
        lines.append(table.render(indent: indent))
        return lines.joined(separator: "\n")
    }
}

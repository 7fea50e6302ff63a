import ArgumentParser
import Foundation
import Monitoring
import SegmentModel
import SegmentStore

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Realised accuracy, recall and harm rate of a version on recent labelled rows, with 95% Wilson intervals.",
        discussion: """
            Rows: labelled observations in the window ending at --as-of that the version was not trained on. \
            Decay = holdout accuracy − current; significant only when the Wilson upper bound of current accuracy is \
            below baseline − monitoring.accuracy_tolerance and n ≥ monitoring.min_labelled. Guardrail: tripped when \
            the harm-rate lower bound exceeds monitoring.max_harm_rate, a segment's recall upper bound is below \
            monitoring.min_recall, or the decay is significant.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("as-of"), help: "Last day of the window (default: the newest observation).")
    var asOf: DayArgument?

    @Option(name: .long, help: "Version to evaluate (default: production, else the newest).")
    var version: VersionArgument?

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let day = try resolveAsOf(asOf, database)
        let monitors = Monitors(database: database, config: context.config)
        let report = try monitors.evaluate(asOf: day, version: version?.number)
        let estimate = try monitors.estimate(asOf: day, version: version?.number)
        if global.json { return try context.output.emit(Result(evaluation: report, estimate: estimate)) }
        Console.out(EvaluationText.render(report))
        Console.out(EvaluationText.render(estimate))
    }

    struct Result: Encodable {
        let evaluation: EvaluationReport
        let estimate: EstimateReport

        func encode(to encoder: any Encoder) throws {
            // The evaluation's own fields at the top level (as before), the label-free estimate beside them.
            try evaluation.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(estimate, forKey: .estimate)
        }

        enum Key: String, CodingKey { case estimate }
    }
}

enum EvaluationText {
    static func ci(_ v: [Double]) -> String { "[\(Fmt.f(v[0], 3)), \(Fmt.f(v[1], 3))]" }

    static func render(_ r: EvaluationReport) -> String {
        var lines = ["evaluation of v\(r.version) on \(r.window) (as of \(r.asOf)): n = \(r.n) labelled rows not in its training data"
                     + (r.status == .insufficientData ? " — INSUFFICIENT DATA (min_labelled \(r.minLabelled)): no verdict" : "")]
        lines.append("  accuracy   \(Fmt.f(r.accuracy)) 95% CI \(ci(r.accuracyCI))  baseline \(Fmt.f(r.baselineAccuracy))  decay \(Fmt.signed(r.decay))"
                     + (r.decaySignificant ? "  SIGNIFICANT" : ""))
        lines.append("  harm rate  \(Fmt.f(r.harmRate)) 95% CI \(ci(r.harmRateCI))   log-loss \(Fmt.f(r.logLoss))")
        var table = TextTable(["segment", "recall", "95% CI", "support"], rightAligned: [1, 3])
        for s in r.recall.keys.sorted() {
            table.add([s, Fmt.f(r.recall[s] ?? 0, 3), ci(r.recallCI[s] ?? [0, 1]), String(r.support[s] ?? 0)])
        }
        lines.append(table.render(indent: "  "))
        lines.append("  guardrail: \(r.guardrail.status)")
        for reason in r.guardrail.reasons { lines.append("    - \(reason.message)") }
        return lines.joined(separator: "\n")
    }

    static func render(_ e: EstimateReport) -> String {
        let est = e.estimate
        guard e.status == .ok else {
            return "label-free estimate on \(e.window): \(est.n) rows without labels — too few for an estimate"
        }
        return "label-free estimate on \(est.n) rows of \(e.window) whose labels are not known yet (calibrated on v\(e.version)'s holdout):\n"
            + "  expected accuracy \(Fmt.f(est.expectedAccuracy)) \(ci(est.accuracyCI))  drop \(Fmt.signed(e.drop))"
            + (e.dropSignificant ? "  SIGNIFICANT" : "") + "   expected harm rate \(Fmt.f(est.expectedHarmRate)) \(ci(est.harmRateCI))\n"
            + "  (it sees inputs moving, not concept drift: the same inputs meaning another segment)"
    }
}

import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score feature maps from standard input; write JSON lines of segment probabilities.",
        discussion: """
            Input: one JSON object per line mapping every feature to a number, with an optional customer_id \
            (as_of and segment are ignored); or, with --csv, a CSV file in the data contract. Output: one JSON line \
            per input line, {"customer_id", "probabilities", "segment", "margin", "model_version"}, or {"line", "error"} \
            for a line that cannot be scored. The other lines are still scored; the exit code is 1 if any failed. \
            The default version is the one in production (else the newest).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Model version to score with (3 or v3).")
    var version: VersionArgument?

    @Flag(name: .long, help: "Read CSV in the data contract instead of JSON lines.")
    var csv = false

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let registry = ModelRegistry(database: database)
        guard let chosen = try version?.number ?? registry.productionOrLatest()?.version else {
            throw StoreError.noVersions
        }
        let model = try registry.artifact(chosen).model()
        let reader = FeatureMapReader(features: model.features)
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var out = BufferedOutput()
        var failures = 0
        if csv {
            let parser = ObservationCSVParser(schema: database.schema, maxReported: Int.max)
            let parsed = parser.parse([UInt8](input), file: "stdin")
            var errorsByLine = [Int: [String]]()
            for v in parsed.violations.first {
                errorsByLine[v.line, default: []].append((v.column.map { "column '\($0)': " } ?? "") + v.reason)
            }
            if parsed.batch.isEmpty && errorsByLine[1] != nil {
                throw CLIError(parsed.violations.report)
            }
            var items: [(Int, String)] = (0..<parsed.batch.count).map { i in
                (parsed.batch.lines[i], ScoreLine.json(model: model, version: chosen, customerID: parsed.batch.customerIDs[i], row: Array(parsed.batch.row(i))))
            }
            for (line, messages) in errorsByLine {
                items.append((line, ScoreLine.error(line: line, message: messages.joined(separator: "; "))))
                Output.warn("stdin:\(line): \(messages.joined(separator: "; "))")
                failures += 1
            }
            for (_, text) in items.sorted(by: { $0.0 < $1.0 }) { out.write(text) }
        } else {
            var lineNumber = 0
            for rawLine in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                let trimmed = rawLine.filter { $0 != UInt8(ascii: "\r") }
                if trimmed.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                switch reader.read(Data(trimmed)) {
                case .success(let parsed):
                    out.write(ScoreLine.json(model: model, version: chosen, customerID: parsed.customerID, row: parsed.row))
                case .failure(let problem):
                    failures += 1
                    out.write(ScoreLine.error(line: lineNumber, message: problem.message))
                    Output.warn("stdin:\(lineNumber): \(problem.message)")
                }
            }
        }
        out.flush()
        if failures > 0 { throw CLIError("\(failures) line\(failures == 1 ? "" : "s") could not be scored (see the errors above)") }
    }
}

import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load observation CSV files (all or nothing per file).",
        discussion: """
            Each file must follow the data contract (see README): header row, customer_id, as_of (YYYY-MM-DD), every \
            configured feature as a finite number, segment (a configured segment or empty). A file with any bad row is \
            rejected whole: the first 20 problems are printed with file, line and column, nothing of it is stored, and \
            the command exits 1 after trying the remaining files. Re-ingesting a file changes nothing; a later file may \
            fill in labels that were empty; changing a stored label needs --relabel.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "CSV files to load, in order.")
    var files: [String]

    @Flag(name: .long, help: "Allow a file to change labels that are already stored (recorded in the audit log).")
    var relabel = false

    @Option(name: .long, help: "Who is ingesting (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    struct Result: Encodable {
        let files: [IngestReport]
        let rejected: [Rejection]
        struct Rejection: Encodable {
            let file: String
            let problems: Int
            let errors: [String]

            /// A file rejected as a whole: said on standard error, listed in the JSON result.
            static func told(_ rejected: IngestRejected, file: String, output: Output) -> Rejection {
                output.endProgress()
                Output.warn("error: \(rejected)")
                return Rejection(file: file, problems: rejected.violations.total, errors: rejected.violations.first.map(\.description))
            }
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true, actor: actor)
        let store = ObservationStore(database: database)
        let parser = ObservationCSVParser(schema: database.schema)
        let who = ActorIdentity.resolve(actor)
        var reports = [IngestReport](), rejections = [Result.Rejection]()
        for file in files {
            let started = Date()
            guard let data = FileManager.default.contents(atPath: file) else {
                rejections.append(.init(file: file, problems: 1, errors: ["\(file): cannot read the file"]))
                Output.warn("error: \(file): cannot read the file; nothing stored")
                continue
            }
            let bytes = [UInt8](data)
            let name = (file as NSString).lastPathComponent
            let parsed = parser.parse(bytes, file: file) { offset in
                context.output.progress("\(name): reading \(Int(Double(offset) * 100 / Double(max(1, bytes.count))))%")
            }
            guard parsed.violations.isEmpty else {
                context.output.endProgress()
                let rejected = IngestRejected(file: file, violations: parsed.violations)
                rejections.append(.init(file: file, problems: parsed.violations.total, errors: parsed.violations.first.map(\.description)))
                Output.warn("error: \(rejected)")
                continue
            }
            do {
                let report = try store.ingest(parsed.batch, file: file, fileSHA256: sha256Hex(data),
                                              duplicateRows: parsed.duplicateRows, actor: who, relabel: relabel,
                                              at: context.now) { done in
                    context.output.progress("\(name): storing \(done)/\(parsed.batch.count) rows")
                }
                context.output.endProgress()
                reports.append(report)
                if !global.json {
                    let seconds = Date().timeIntervalSince(started)
                    let rate = seconds > 0 ? Int(Double(report.rows) / seconds) : 0
                    Console.out("\(file): \(report.rows) rows — \(report.inserted) new, \(report.labelUpdates) label updates, "
                          + "\(report.relabelled) relabelled, \(report.unchanged) unchanged"
                          + (report.duplicateRows > 0 ? ", \(report.duplicateRows) verbatim duplicates skipped" : "")
                          + (report.firstDay.map { " (as_of \($0)…\(report.lastDay!))" } ?? "")
                          + " in \(Fmt.f(seconds, 2)) s (\(rate) rows/s)")
                }
            } catch let rejected as IngestRejected {
                rejections.append(.told(rejected, file: file, output: context.output))
            }
        }
        if global.json { try context.output.emit(Result(files: reports, rejected: rejections)) }
        if !rejections.isEmpty { throw CLIExit(ExitStatus.failure) }
    }
}

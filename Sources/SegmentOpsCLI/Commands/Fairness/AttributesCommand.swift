import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct AttributesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attributes",
        abstract: "Protected attributes for the fair-lending audit: kept apart, never features, never logged.",
        discussion: """
            Columns: customer_id,attribute,value, and optionally probability (a proxy-based estimate such as BISG: one \
            row per group, probabilities summing to 1), source and vintage (YYYY-MM-DD). A file with any bad row, an \
            unknown customer, a duplicate key or an attribute named as a model feature is rejected whole with file, \
            line and reason; values are never printed. Each (customer, attribute) in a file replaces what was stored.
            """,
        subcommands: [AttributesIngestCommand.self, AttributesStatusCommand.self],
        defaultSubcommand: AttributesStatusCommand.self)
}

struct AttributesIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest",
                                                    abstract: "Load protected-attribute CSV files (all or nothing per file).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "CSV files to load, in order.") var files: [String]
    @Option(name: .long, help: "Who is ingesting (default: $SEGMENTOPS_ACTOR, else the OS user).") var actor: String?

    struct Result: Encodable {
        let files: [AttributeIngestReport]
        let rejected: [IngestCommand.Result.Rejection]
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database(recordConfig: true, actor: actor)
        let parser = AttributeCSVParser(schema: database.schema)
        let store = AttributeStore(database: database)
        var reports = [AttributeIngestReport](), rejections = [IngestCommand.Result.Rejection]()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                rejections.append(.init(file: file, problems: 1, errors: ["\(file): cannot read the file"]))
                Output.warn("error: \(file): cannot read the file; nothing stored")
                continue
            }
            let name = (file as NSString).lastPathComponent
            context.output.progress("\(name): reading")
            let parsed = parser.parse([UInt8](data), file: file)
            do {
                guard parsed.violations.isEmpty else { throw IngestRejected(file: file, violations: parsed.violations) }
                let report = try store.ingest(parsed.rows, file: file, fileSHA256: sha256Hex(data),
                                              actor: ActorIdentity.resolve(actor), at: context.now) { done in
                    context.output.progress("\(name): storing \(done) memberships")
                }
                context.output.endProgress()
                reports.append(report)
                if !global.json {
                    Console.out("\(file): \(report.rows) rows, \(report.customers) customers ("
                                + report.attributes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                                + ") — \(report.inserted) new, \(report.replaced) replaced, \(report.unchanged) unchanged")
                }
            } catch let rejected as IngestRejected {
                rejections.append(.told(rejected, file: file, output: context.output))
            }
        }
        if global.json { try context.output.emit(Result(files: reports, rejected: rejections)) }
        if !rejections.isEmpty { throw CLIExit(ExitStatus.failure) }
    }
}

struct AttributesStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status",
                                                    abstract: "Attributes stored: customers covered, groups, sources and vintages (no values).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        let summary = try AttributeStore(database: try context.database()).summary()
        if global.json { return try context.output.emit(summary) }
        guard !summary.attributes.isEmpty else {
            return Console.out("no protected attributes stored; load them with `segmentops attributes ingest FILE.csv`")
        }
        var table = TextTable(["attribute", "customers", "groups", "kind", "sources", "vintages"], rightAligned: [1, 2])
        for a in summary.attributes {
            table.add([a.name, String(a.customers), String(a.groups), a.probabilistic ? "probabilities" : "exact",
                       a.sources.joined(separator: ", "), a.vintages.joined(separator: ", ")])
        }
        Console.out(table.render())
        Console.out("files: \(summary.files), last \(summary.lastIngestedAt ?? "-"); digest \(summary.digest ?? "-")")
    }
}

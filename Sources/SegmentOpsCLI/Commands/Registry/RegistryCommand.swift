import ArgumentParser

struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Inspect, compare, audit and verify model versions.",
        subcommands: [RegistryListCommand.self, RegistryShowCommand.self, RegistryDiffCommand.self,
                      RegistryHistoryCommand.self, RegistryAtCommand.self, RegistryExportCommand.self,
                      RegistryVerifyCommand.self])
}

struct RegistryListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every version with its stage and holdout metrics.")

    @OptionGroup var global: GlobalOptions

    struct Item: Encodable {
        let version: Int
        let stage: String
        let createdAt: String
        let createdBy: String
        let asOf: String
        let metrics: Metrics
        let artifactSHA256: String
        struct Metrics: Encodable {
            let accuracy: Double
            let logLoss: Double
            let harmRate: Double
            enum CodingKeys: String, CodingKey {
                case accuracy
                case logLoss = "log_loss"
                case harmRate = "harm_rate"
            }
        }
        enum CodingKeys: String, CodingKey {
            case version, stage, metrics
            case createdAt = "created_at"
            case createdBy = "created_by"
            case asOf = "as_of"
            case artifactSHA256 = "artifact_sha256"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let versions = try RegistryContext(context).registry.list()
        let items = versions.map {
            Item(version: $0.version, stage: $0.stage.rawValue, createdAt: $0.createdAt, createdBy: $0.createdBy,
                 asOf: $0.asOf.description, metrics: .init(accuracy: $0.accuracy, logLoss: $0.logLoss, harmRate: $0.harmRate),
                 artifactSHA256: $0.artifactSHA256)
        }
        if global.json { return try context.output.emit(items) }
        guard !items.isEmpty else { return Console.out("no versions yet; train one with `segmentops train --as-of DATE`") }
        var table = TextTable(["version", "stage", "as_of", "created_at", "by", "accuracy", "log_loss", "harm_rate"],
                              rightAligned: [5, 6, 7])
        for i in items {
            table.add(["v\(i.version)", i.stage, i.asOf, i.createdAt, i.createdBy, Fmt.f(i.metrics.accuracy),
                       Fmt.f(i.metrics.logLoss), Fmt.f(i.metrics.harmRate)])
        }
        Console.out(table.render())
    }
}

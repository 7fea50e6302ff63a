import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

struct RegistryShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One version: stage, lineage, holdout metrics, coefficients per segment, and every decision about it.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Version (3 or v3).")
    var version: VersionArgument

    struct Result: Encodable {
        let version: ModelVersion
        let lineage: Lineage
        let metrics: MetricsReport
        let coefficients: [String: [String: Double]]
        let intercepts: [String: Double]
        let approvals: [String]
        let production: [ProductionInterval]
        let history: [AuditEntry]

        struct Lineage: Encodable {
            let trainWindow: DayRange
            let holdoutWindow: DayRange
            let trainRows: Int
            let holdoutRows: Int
            let dataFingerprint: String
            let codeVersion: String
            let trainedBy: String
            let trainedAt: String
            let configSHA256: String
            let config: String
            enum CodingKeys: String, CodingKey {
                case config
                case trainWindow = "train_window"
                case holdoutWindow = "holdout_window"
                case trainRows = "train_rows"
                case holdoutRows = "holdout_rows"
                case dataFingerprint = "data_fingerprint"
                case codeVersion = "code_version"
                case trainedBy = "trained_by"
                case trainedAt = "trained_at"
                case configSHA256 = "config_sha256"
            }
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        let v = try registry.version(version.number)
        let artifact = try registry.artifact(v.version)
        let config = try registry.configSnapshot(v.version)
        let result = Result(
            version: v,
            lineage: .init(trainWindow: artifact.training.trainWindow, holdoutWindow: artifact.training.holdoutWindow,
                           trainRows: artifact.training.trainRows, holdoutRows: artifact.training.holdoutRows,
                           dataFingerprint: artifact.training.fingerprint, codeVersion: v.codeVersion,
                           trainedBy: v.createdBy, trainedAt: v.createdAt, configSHA256: sha256Hex(Data(config.utf8)),
                           config: config),
            metrics: artifact.metrics, coefficients: artifact.coefficients, intercepts: artifact.intercepts,
            approvals: try registry.approvals(v.version),
            production: try registry.productionIntervals().filter { $0.version == v.version },
            history: try registry.history(version: v.version))
        if global.json { return try context.output.emit(result) }
        Console.out("v\(v.version)  \(v.stage.rawValue)")
        Console.out("  trained     \(v.createdAt) by \(v.createdBy) for as_of \(v.asOf) — \(v.codeVersion)")
        Console.out("  train       \(artifact.training.trainWindow) (\(artifact.training.trainRows) labelled rows)")
        Console.out("  holdout     \(artifact.training.holdoutWindow) (\(artifact.training.holdoutRows) labelled rows)")
        if let recipe = artifact.training.recipe {
            Console.out("  recipe      \(recipe.name): \(recipe.windowDays - recipe.holdoutDays) training days, \(recipe.holdoutDays) held out"
                        + (recipe.halfLifeDays.map { ", recency half-life \(Fmt.f($0, 1)) days" } ?? "")
                        + (recipe.withoutFeatures.isEmpty ? "" : "; without \(recipe.withoutFeatures.joined(separator: ", "))"))
        }
        if let known = artifact.training.labelsKnownBy { Console.out("  labels      known by \(known)") }
        Console.out("  data        fingerprint \(artifact.training.fingerprint.prefix(16))…")
        Console.out("  artifact    sha256 \(v.artifactSHA256)")
        Console.out("  config      sha256 \(result.lineage.configSHA256.prefix(16))…")
        if !result.approvals.isEmpty { Console.out("  approved by \(result.approvals.joined(separator: ", "))") }
        for p in result.production {
            Console.out("  served      \(p.startedAt) → \(p.endedAt ?? "now")")
        }
        Console.out("holdout metrics")
        Console.out(MetricsText.render(artifact.metrics, segments: artifact.segments, indent: "  "))
        Console.out("coefficients (standardised features)")
        var table = TextTable(["feature"] + artifact.segments, rightAligned: Set(1...artifact.segments.count))
        for f in artifact.features {
            table.add([f] + artifact.segments.map { Fmt.signed(artifact.coefficients[$0]?[f] ?? 0, 3) })
        }
        table.add(["(intercept)"] + artifact.segments.map { Fmt.signed(artifact.intercepts[$0] ?? 0, 3) })
        Console.out(table.render(indent: "  "))
        Console.out("decisions")
        Console.out(HistoryText.render(result.history, withEvidence: true, indent: "  "))
    }
}

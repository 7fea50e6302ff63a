import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore

/// What a command works with: the loaded configuration, the database and the output format.
struct CommandContext {
    let global: GlobalOptions
    let config: SegmentOpsConfig
    /// Where the configuration came from (a path, or "built-in defaults").
    let configSource: String
    /// The configuration text with secrets redacted: stored with every trained version.
    let configSnapshot: String
    let output: Output

    init(_ global: GlobalOptions) throws {
        self.global = global
        let (loaded, source) = try ConfigLoader.load(path: global.config)
        self.config = ShippedFolders.locate(loaded)
        configSource = source
        let text = FileManager.default.contents(atPath: source).flatMap { String(data: $0, encoding: .utf8) }
        configSnapshot = ConfigSnapshot.redact(text ?? DefaultConfigFile.text)
        output = Output(json: global.json)
    }

    var now: Date { Date() }

    /// Opens the database. With `recordConfig`, a configuration that differs from the one last seen is recorded
    /// in the audit log (action `config_change`).
    func database(create: Bool = false, recordConfig: Bool = false, actor: String? = nil) throws -> SegmentDatabase {
        let database = try SegmentDatabase.open(path: global.databasePath, schema: config.schema, create: create)
        if recordConfig {
            try ConfigChangeRecorder(database: database).record(snapshot: configSnapshot, source: configSource,
                                                                actor: ActorIdentity.resolve(actor), at: now)
        }
        return database
    }
}

/// Configuration text as stored in the registry: secrets and tokens replaced by `‹redacted›`.
enum ConfigSnapshot {
    static func redact(_ text: String) -> String {
        let pattern = /((?:secret|routing_key|token)\s*:\s*)("[^"]*"|'[^']*'|[^,}\s#]+)/
        return text.replacing(pattern) { match in "\(match.1)‹redacted›" }
    }
}

/// Finds the rule and runbook folders that ship with segmentops when the configured (relative, default) ones do not
/// exist where the command runs: the checkout the executable was built in (`.build/debug/segmentops`).
enum ShippedFolders {
    static func locate(_ config: SegmentOpsConfig) -> SegmentOpsConfig {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: config.rulesDirectory), !config.alerting.rulesDir.hasPrefix("/") else { return config }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let rules = dir.appendingPathComponent(config.alerting.rulesDir).path
            let runbooks = dir.appendingPathComponent(config.alerting.runbooksDir).path
            if fm.fileExists(atPath: rules) && fm.fileExists(atPath: runbooks) {
                var found = config
                found.alerting.rulesDir = rules
                found.alerting.runbooksDir = runbooks
                return found
            }
            dir.deleteLastPathComponent()
        }
        return config
    }
}

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
}

import Foundation
import SegmentConfig

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

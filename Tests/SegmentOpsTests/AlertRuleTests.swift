import Alerting
import ArgumentParser
import Foundation
import SegmentConfig
import SegmentOpsCLI
import SegmentStore
import Testing

@Suite("Alert rules and runbooks")
struct AlertRuleTests {
    static let rulesDir = TestPaths.root + "/Alerts"
    static let runbooksDir = TestPaths.root + "/Runbooks"

    @Test("the shipped rules load and include every required alert")
    func shippedRules() throws {
        let rules = try RuleLoader(rulesDirectory: Self.rulesDir).load()
        let names = Set(rules.map(\.name))
        for required in ["FeaturePSIHigh", "SegmentMixShift", "AccuracyDecay", "MisclassificationGuardrailTripped",
                         "AutomaticRollbackPerformed", "NoSafeRollbackTarget", "RetrainFailed", "RetrainMissed",
                         "CandidateBlocked", "ObservationsStale", "LabelsStale", "AlertDeliveryFailing",
                         "RegistryIntegrityFailure", "Watchdog"] {
            #expect(names.contains(required), "missing rule \(required)")
        }
    }

    @Test("every rule has a runbook and every runbook belongs to a rule, with the five sections")
    func runbooksMatchRules() throws {
        let rules = try RuleLoader(rulesDirectory: Self.rulesDir).load()
        let runbooks = try FileManager.default.contentsOfDirectory(atPath: Self.runbooksDir).filter { $0.hasSuffix(".md") }
        #expect(Set(rules.map { ($0.runbook as NSString).lastPathComponent }) == Set(runbooks))
        for file in runbooks {
            let text = try String(contentsOfFile: Self.runbooksDir + "/" + file, encoding: .utf8)
            for section in ["## Meaning", "## Impact", "## Diagnosis", "## Mitigation", "## Escalation"] {
                #expect(text.contains(section), "\(file) lacks \(section)")
            }
        }
    }

    @Test("every segmentops command a runbook names parses with the real CLI")
    func runbookCommandsParse() throws {
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.runbooksDir) where file.hasSuffix(".md") {
            let text = try String(contentsOfFile: Self.runbooksDir + "/" + file, encoding: .utf8)
            var inCode = false
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("```") { inCode.toggle(); continue }
                guard inCode, line.hasPrefix("segmentops ") else { continue }
                let words = Self.shellWords(String(line.dropFirst("segmentops ".count)))
                do {
                    _ = try SegmentOps.parseAsRoot(words)
                    checked += 1
                } catch {
                    Issue.record("\(file): `\(line)` does not parse: \(SegmentOps.message(for: error))")
                }
            }
        }
        #expect(checked >= 40)
    }

    @Test("rule validation names the file and the field", arguments: [
        ("name: X1\nsource: watchdog\ncondition: {active: true}\nseverity: info\nsummary: s\nrunbook: Runbooks/Watchdog.md\ncolour: red\n", "colour", "unknown key"),
        ("name: X1\nsource: drift.feature_psi\ncondition: {threshold: {op: \">=\", value: abc}}\nseverity: critical\nsummary: s\nrunbook: Runbooks/Watchdog.md\n", "condition.threshold.value", "expected a number"),
        ("name: X1\nsource: drift.feature_psi\ncondition: {threshold: {op: \"=>\", value: 1}}\nseverity: critical\nsummary: s\nrunbook: Runbooks/Watchdog.md\n", "condition.threshold.op", "not a comparison"),
        ("name: X1\nsource: watchdog\ncondition: {active: true}\nseverity: info\nsummary: s\nrunbook: Runbooks/Nope.md\n", "runbook", "does not exist"),
        ("name: X1\nsource: watchdog\ncondition: {active: true}\nseverity: loud\nsummary: s\nrunbook: Runbooks/Watchdog.md\n", "severity", "not a severity"),
        ("name: X1\nsource: drift.nope\ncondition: {active: true}\nseverity: info\nsummary: s\nrunbook: Runbooks/Watchdog.md\n", "source", "not a known source"),
        ("name: X1\nsource: watchdog\ncondition: {active: true}\nseverity: info\nsummary: \"{{psi}}\"\nrunbook: Runbooks/Watchdog.md\n", "summary", "unknown placeholder"),
        ("name: X1\nsource: watchdog\ncondition: {band: critical}\nseverity: info\nsummary: s\nrunbook: Runbooks/Watchdog.md\n", "condition.band", "no PSI band"),
    ] as [(String, String, String)])
    func validation(_ yaml: String, _ field: String, _ reason: String) throws {
        let workspace = try TestWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path + "/Alerts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workspace.path + "/Runbooks", withIntermediateDirectories: true)
        try "# Watchdog".write(toFile: workspace.path + "/Runbooks/Watchdog.md", atomically: true, encoding: .utf8)
        try yaml.write(toFile: workspace.path + "/Alerts/x1.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try RuleLoader(rulesDirectory: workspace.path + "/Alerts").load()
            Issue.record("accepted")
        } catch let failure as RuleLoader.Failure {
            let error = try #require(failure.errors.first)
            #expect(error.file.hasSuffix("Alerts/x1.yaml"))
            #expect(error.key == field, "\(error)")
            #expect(error.description.contains(reason), "\(error)")
        }
        let cli = try CLI.run(["alerts", "check", workspace.path + "/Alerts"], cwd: workspace.path)
        #expect(cli.status == 1 && cli.stderr.contains("x1.yaml"))
    }

    /// Splits a command line like a shell would (quotes, no expansion).
    static func shellWords(_ line: String) -> [String] {
        var words = [String](), current = "", quote: Character?
        var hasWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                hasWord = true
            } else if c == " " {
                if hasWord || !current.isEmpty { words.append(current) }
                current = ""
                hasWord = false
            } else if c == "#" && current.isEmpty && !hasWord {
                break
            } else {
                current.append(c)
            }
        }
        if hasWord || !current.isEmpty { words.append(current) }
        return words
    }
}

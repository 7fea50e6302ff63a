import Foundation
import SegmentConfig
import Yams

/// Loads and validates the rule files of a folder: an unknown field, a bad threshold or a missing runbook is an
/// error naming the file and the field.
public struct RuleLoader: Sendable {
    /// The folder holding one YAML file per rule.
    public let rulesDirectory: String
    /// The folder runbooks must live in.
    public let runbooksDirectory: String
    /// Runbook paths in rules are relative to this folder (the project root: the rules folder's parent).
    public let root: String

    public init(rulesDirectory: String, runbooksDirectory: String? = nil) {
        self.rulesDirectory = rulesDirectory
        let parent = (rulesDirectory as NSString).deletingLastPathComponent
        root = parent.isEmpty ? "." : parent
        self.runbooksDirectory = runbooksDirectory ?? (root == "." ? "Runbooks" : root + "/Runbooks")
    }

    /// Every problem in the folder (empty when all rules are valid).
    public struct Failure: Error, CustomStringConvertible {
        public let errors: [ConfigError]
        public var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    public func load() throws -> [AlertRule] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: rulesDirectory) else {
            throw Failure(errors: [ConfigError(file: rulesDirectory, line: nil, key: "",
                                               reason: "cannot read the rules folder (alerting.rules_dir)")])
        }
        var rules = [AlertRule](), errors = [ConfigError]()
        var byName = [String: String]()
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = rulesDirectory + "/" + name
            do {
                let rule = try loadRule(path)
                if let other = byName[rule.name] {
                    throw ConfigError(file: path, line: nil, key: "name", reason: "rule '\(rule.name)' is also defined in \(other)")
                }
                byName[rule.name] = path
                rules.append(rule)
            } catch let error as ConfigError {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw Failure(errors: errors) }
        return rules
    }

    func loadRule(_ path: String) throws -> AlertRule {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: "", reason: "cannot read the file")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ConfigError(file: path, line: nil, key: "", reason: "not valid YAML: \(error)")
        }
        let m = try YAMLMapping(node, file: path, path: "")
        guard let name = try m.optionalString("name"), (try? /^[A-Z][A-Za-z0-9]*$/.wholeMatch(in: name)) != nil else {
            throw m.error("name", nil, "every rule needs a name in CamelCase letters and digits")
        }
        let sourceName = try m.string("source", default: "")
        guard let source = SignalCatalog.sources[sourceName] else {
            throw m.error("source", nil, "'\(sourceName)' is not a known source; known: \(SignalCatalog.sources.keys.sorted().joined(separator: ", "))")
        }
        let condition = try readCondition(m.mapping("condition"), source: source)
        let severityText = try m.string("severity", default: "")
        guard let severity = AlertRule.Severity(rawValue: severityText) else {
            throw m.error("severity", nil, "'\(severityText)' is not a severity; use critical, warning or info")
        }
        let forEvaluations = try m.int("for", default: 1, in: 1...1000)
        let keep = try m.duration("keep_firing_for", default: 0, in: 0...(30 * 86400))
        let repeatNode = m.node("repeat_interval")
        var repeatInterval: Double?
        if repeatNode != nil { repeatInterval = try m.duration("repeat_interval", default: 0, in: 30...(30 * 86400)) }
        let clearedBy = try m.strings("cleared_by", default: [])
        if !clearedBy.isEmpty {
            guard source.isEvent else { throw m.error("cleared_by", nil, "only event sources are cleared by events") }
            for event in clearedBy where SignalCatalog.sources["event.\(event)"] == nil {
                throw m.error("cleared_by", nil, "'\(event)' is not a known event")
            }
        }
        var labels = [String: String]()
        if let labelNode = m.node("labels") {
            guard case .mapping(let mapping) = labelNode else { throw m.error("labels", labelNode, "expected a mapping of label: value") }
            for (k, v) in mapping {
                guard let key = k.string, (try? /^[a-z_][a-z0-9_]*$/.wholeMatch(in: key)) != nil,
                      !["alertname", "severity"].contains(key) else {
                    throw m.error("labels", k, "'\(k.string ?? "?")' is not a usable label name (lower case; not alertname or severity)")
                }
                guard case .scalar(let value) = v else { throw m.error("labels", v, "label values must be strings") }
                labels[key] = value.string
            }
        }
        let known = Set(source.labels + source.figures + labels.keys + ["rule", "severity"])
        let summary = try m.string("summary", default: "")
        let description = try m.string("description", default: "")
        guard !summary.isEmpty else { throw m.error("summary", nil, "every rule needs a summary") }
        for (key, text) in [("summary", summary), ("description", description)] {
            guard let names = Template.placeholders(text) else { throw m.error(key, nil, "a '{{' is never closed") }
            if let unknown = names.first(where: { !known.contains($0) }) {
                throw m.error(key, nil, "unknown placeholder {{\(unknown)}}; \(sourceName) provides \(known.sorted().joined(separator: ", "))")
            }
        }
        let runbook = try m.string("runbook", default: "")
        guard !runbook.isEmpty else { throw m.error("runbook", nil, "every rule needs a runbook (a path under Runbooks/)") }
        let runbookPath = root == "." ? runbook : root + "/" + runbook
        let runbooksPrefix = (runbooksDirectory as NSString).standardizingPath + "/"
        guard (runbookPath as NSString).standardizingPath.hasPrefix(runbooksPrefix) || runbook.hasPrefix("Runbooks/") else {
            throw m.error("runbook", nil, "'\(runbook)' is not under \(runbooksDirectory)")
        }
        guard FileManager.default.fileExists(atPath: runbookPath) else {
            throw m.error("runbook", nil, "'\(runbook)' does not exist (looked for \(runbookPath))")
        }
        try m.finish()
        return AlertRule(file: path, name: name, source: sourceName, condition: condition, severity: severity,
                         forEvaluations: forEvaluations, keepFiringFor: keep, repeatInterval: repeatInterval,
                         clearedBy: clearedBy, labels: labels, summary: summary, description: description,
                         runbook: runbook)
    }

    func readCondition(_ c: YAMLMapping, source: SignalCatalog.Source) throws -> AlertRule.Condition {
        var found = [AlertRule.Condition]()
        if c.node("threshold") != nil {
            let t = try c.mapping("threshold")
            let op = try t.string("op", default: ">=")
            guard [">", ">=", "<", "<=", "=="].contains(op) else {
                throw t.error("op", nil, "'\(op)' is not a comparison; use >, >=, <, <= or ==")
            }
            guard t.node("value") != nil else { throw t.error("value", nil, "a threshold needs a value") }
            let value = try t.double("value", default: 0, in: -1e12...1e12)
            try t.finish()
            guard source.hasValue else { throw c.error("threshold", nil, "\(source.name) has no numeric value; use active: true") }
            found.append(.threshold(op: op, value: value))
        }
        if let band = try c.optionalString("band") {
            guard ["warning", "critical"].contains(band) else {
                throw c.error("band", nil, "'\(band)' is not a band; use warning or critical")
            }
            guard source.hasBand else { throw c.error("band", nil, "\(source.name) has no PSI band") }
            found.append(.band(band))
        }
        if c.node("active") != nil {
            guard try c.bool("active", default: true) else { throw c.error("active", nil, "only 'active: true' makes sense") }
            found.append(.active)
        }
        try c.finish()
        guard found.count == 1 else {
            throw c.error("", nil, "give exactly one of threshold, band or active (found \(found.count))")
        }
        return found[0]
    }
}

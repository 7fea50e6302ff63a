import Foundation
import SegmentModel
import Yams

/// Reads `segmentops.yaml`. Unknown keys and bad values are errors naming the file, line and key.
public enum ConfigLoader {
    public static let defaultPath = "segmentops.yaml"

    /// Loads `path`; with no path, `./segmentops.yaml` when present, else the built-in defaults.
    public static func load(path: String?) throws -> (config: SegmentOpsConfig, source: String) {
        let chosen = path ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        guard let chosen else { return (.defaults, "built-in defaults") }
        guard let data = FileManager.default.contents(atPath: chosen) else {
            throw ConfigError(file: chosen, line: nil, key: "",
                              reason: "cannot read the configuration file; check the path or run `segmentops init`")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: chosen, line: nil, key: "", reason: "the file is not UTF-8 text")
        }
        var config = try parse(text, file: chosen)
        let folder = (chosen as NSString).deletingLastPathComponent
        config.baseDirectory = folder.isEmpty ? "." : folder
        return (config, chosen)
    }

    /// Parses configuration text; `file` names it in errors.
    public static func parse(_ text: String, file: String = defaultPath) throws -> SegmentOpsConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(file: file, line: nil, key: "", reason: "not valid YAML: \(error)")
        }
        let top = try YAMLMapping(root, file: file, path: "")
        var config = SegmentOpsConfig()
        config.schema = try readSchema(top)
        config.training = try readTraining(top.mapping("training"), schema: config.schema)
        config.monitoring = try readMonitoring(top.mapping("monitoring"), schema: config.schema)
        config.release = try readRelease(top.mapping("release"))
        config.alerting = try readAlerting(top.mapping("alerting"))
        config.supervisor = try readSupervisor(top.mapping("supervisor"))
        config.api = try readAPI(top.mapping("api"))
        config.segments = try readSegments(top.mapping("segment_tracking"))
        config.fairness = try readFairness(top.mapping("fairness"), schema: config.schema)
        config.storage = try readStorage(top.mapping("storage"), training: config.training)
        config.database = try readDatabase(top.mapping("database"))
        if let clash = config.schema.features.first(where: config.fairness.protectedNames.contains) {
            throw top.error("features", nil, "'\(clash)' is a protected characteristic (fairness.protected_names): "
                            + "protected attributes are never model features; remove it from `features`")
        }
        try top.finish()
        return config
    }

    static func readSchema(_ top: YAMLMapping) throws -> SegmentSchema {
        let features = try top.strings("features", default: SegmentSchema.standardFeatures)
        let segments = try top.strings("segments", default: SegmentSchema.standardSegments)
        let identifier = /^[a-z][a-z0-9_]{0,62}$/
        for (key, names) in [("features", features), ("segments", segments)] {
            guard !names.isEmpty else { throw top.error(key, nil, "the list must not be empty") }
            if let bad = names.first(where: { (try? identifier.wholeMatch(in: $0)) == nil }) {
                throw top.error(key, nil, "'\(bad)' is not a valid name (lower-case letters, digits and _)")
            }
            if let dup = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                throw top.error(key, nil, "'\(dup)' is listed twice")
            }
        }
        guard segments.count >= 2 else { throw top.error("segments", nil, "at least two segments are needed") }
        let reserved: Set = ["customer_id", "as_of", "segment", "day", "batch_id"]
        if let clash = features.first(where: reserved.contains) {
            throw top.error("features", nil, "'\(clash)' is a reserved column name")
        }
        var harm = SegmentSchema.standardHarmPairs.filter { $0.allSatisfy(segments.contains) }
        if let list = try top.sequence("harm_pairs") {
            harm = try list.map { item in
                guard case .sequence(let pair) = item, pair.count == 2,
                      let t = pair[0].string, let p = pair[1].string else {
                    throw top.error("harm_pairs", item, "each entry is a pair [true_segment, predicted_segment]")
                }
                for name in [t, p] where !segments.contains(name) {
                    throw top.error("harm_pairs", item, "'\(name)' is not one of the segments \(segments)")
                }
                guard t != p else { throw top.error("harm_pairs", item, "a correct prediction cannot be harm") }
                return [t, p]
            }
        }
        return SegmentSchema(features: features, segments: segments, harmPairs: harm)
    }

    static func readTraining(_ m: YAMLMapping, schema: SegmentSchema) throws -> TrainingConfig {
        var c = TrainingConfig()
        c.windowDays = try m.int("window_days", default: c.windowDays, in: 2...3660)
        c.holdoutDays = try m.int("holdout_days", default: c.holdoutDays, in: 1...3659)
        guard c.holdoutDays < c.windowDays else {
            throw m.error("holdout_days", nil, "must be smaller than window_days (\(c.windowDays))")
        }
        c.l2 = try m.double("l2", default: c.l2, in: 0...1e6)
        c.maxIterations = try m.int("max_iterations", default: c.maxIterations, in: 1...100_000)
        c.gradientTolerance = try m.double("gradient_tolerance", default: c.gradientTolerance, in: 1e-14...1)
        c.excludeFeatures = try m.strings("exclude_features", default: [])
        if let unknown = c.excludeFeatures.first(where: { !schema.features.contains($0) }) {
            throw m.error("exclude_features", nil, "'\(unknown)' is not one of the configured features")
        }
        guard c.excludeFeatures.count < schema.features.count else {
            throw m.error("exclude_features", nil, "a model needs at least one feature")
        }
        try m.finish()
        return c
    }

    static func readThresholds(_ m: YAMLMapping, default d: PSIThresholdsConfig) throws -> PSIThresholdsConfig {
        let warning = try m.double("warning", default: d.warning, in: 0...100)
        let critical = try m.double("critical", default: d.critical, in: 0...100)
        guard warning <= critical else { throw m.error("warning", nil, "must not exceed critical (\(critical))") }
        try m.finish()
        return PSIThresholdsConfig(warning: warning, critical: critical)
    }

    static func readMonitoring(_ m: YAMLMapping, schema: SegmentSchema) throws -> MonitoringConfig {
        var c = MonitoringConfig()
        c.monitorWindowDays = try m.int("monitor_window_days", default: c.monitorWindowDays, in: 1...366)
        c.minRows = try m.int("min_rows", default: c.minRows, in: 1...100_000_000)
        c.minLabelled = try m.int("min_labelled", default: c.minLabelled, in: 1...100_000_000)
        c.minSegmentLabelled = try m.int("min_segment_labelled", default: c.minSegmentLabelled, in: 1...100_000_000)
        c.psi = try readThresholds(m.mapping("psi"), default: c.psi)
        let overrides = try m.mapping("feature_psi")
        let entries = try overrides.entries()
        if m.node("feature_psi") != nil {
            c.featurePSI = [:]
            for (feature, sub) in entries {
                guard schema.features.contains(feature) else {
                    throw overrides.error(feature, nil, "'\(feature)' is not one of the configured features")
                }
                c.featurePSI[feature] = try readThresholds(sub, default: c.psi)
            }
        }
        c.accuracyTolerance = try m.double("accuracy_tolerance", default: c.accuracyTolerance, in: 0...1)
        c.maxHarmRate = try m.double("max_harm_rate", default: c.maxHarmRate, in: 0...1)
        c.minRecall = try m.double("min_recall", default: c.minRecall, in: 0...1)
        c.observationsStaleDays = try m.int("observations_stale_days", default: c.observationsStaleDays, in: 1...3660)
        c.labelsStaleDays = try m.int("labels_stale_days", default: c.labelsStaleDays, in: 1...3660)
        try m.finish()
        return c
    }
}

import SegmentModel

extension ConfigLoader {
    static func readFairness(_ m: YAMLMapping, schema: SegmentSchema) throws -> FairnessConfig {
        var c = FairnessConfig()
        c.gate = try m.bool("gate", default: c.gate)
        c.monitor = try m.bool("monitor", default: c.monitor)
        c.protectedNames = try m.strings("protected_names", default: c.protectedNames)
        let outcomes = try m.mapping("outcomes")
        if m.node("outcomes") != nil {
            c.outcomes = [:]
            for segment in outcomes.keys() {
                guard schema.segments.contains(segment) else {
                    throw outcomes.error(segment, nil, "'\(segment)' is not one of the segments \(schema.segments)")
                }
                let text = try outcomes.string(segment, default: "neutral")
                guard let direction = FairnessConfig.Direction(rawValue: text) else {
                    throw outcomes.error(segment, outcomes.node(segment),
                                         "'\(text)' is not a direction; use favourable, adverse or neutral")
                }
                c.outcomes[segment] = direction
            }
        } else {
            c.outcomes = c.outcomes.filter { schema.segments.contains($0.key) }
        }
        c.windowDays = try m.int("window_days", default: c.windowDays, in: 1...366)
        c.airThreshold = try m.double("air_threshold", default: c.airThreshold, in: 0.01...1)
        c.alpha = try m.double("alpha", default: c.alpha, in: 0.0001...0.5)
        c.minGroupSize = try m.int("min_group_size", default: c.minGroupSize, in: 1...100_000_000)
        c.worsening = try m.double("worsening", default: c.worsening, in: 0...1)
        c.probabilityThreshold = try m.double("probability_threshold", default: c.probabilityThreshold, in: 0.5...1)
        let p = try m.mapping("proxy")
        c.proxy.smd = try p.double("smd", default: c.proxy.smd, in: 0.001...10)
        c.proxy.auc = try p.double("auc", default: c.proxy.auc, in: 0.5...1)
        c.proxy.sample = try p.int("sample", default: c.proxy.sample, in: 100...10_000_000)
        c.proxy.folds = try p.int("folds", default: c.proxy.folds, in: 2...20)
        try p.finish()
        try m.finish()
        return c
    }
}

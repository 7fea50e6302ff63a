import Foundation

extension ConfigLoader {
    static func readSegments(_ m: YAMLMapping) throws -> SegmentsConfig {
        var c = SegmentsConfig()
        c.provisionalObservations = try m.int("provisional_observations", default: c.provisionalObservations, in: 1...52)
        c.allowance = try m.double("allowance", default: c.allowance, in: 0...20)
        c.flagThreshold = try m.double("flag_threshold", default: c.flagThreshold, in: 0.01...100)
        c.confirmThreshold = try m.double("confirm_threshold", default: c.confirmThreshold, in: 0.01...100)
        guard c.confirmThreshold > c.flagThreshold else {
            throw m.error("confirm_threshold", m.node("confirm_threshold"),
                          "must be above flag_threshold (\(c.flagThreshold)): a change is confirmed after it is flagged")
        }
        c.stormShare = try m.double("storm_share", default: c.stormShare, in: 0.0001...1)
        c.churnAlertShare = try m.double("churn_alert_share", default: c.churnAlertShare, in: 0.0001...1)
        let f = try m.mapping("feed")
        c.feed.batchSize = try f.int("batch_size", default: c.feed.batchSize, in: 1...100_000)
        c.feed.source = try f.string("source", default: c.feed.source)
        if let list = try f.sequence("destinations") {
            var names = Set<String>()
            for (i, item) in list.enumerated() {
                let d = try YAMLMapping(item, file: m.file, path: "segment_tracking.feed.destinations[\(i)]")
                guard let name = try d.optionalString("name"), !name.isEmpty else {
                    throw d.error("name", nil, "every destination needs a name")
                }
                guard names.insert(name).inserted else { throw d.error("name", nil, "destination name '\(name)' is used twice") }
                guard let url = try d.optionalString("url"), let parsed = URL(string: url),
                      let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
                    throw d.error("url", nil, "every destination needs an http:// or https:// url")
                }
                var secret = try d.optionalString("secret").map(Secret.init)
                if let env = try d.optionalString("secret_env") {
                    guard let value = ProcessInfo.processInfo.environment[env], !value.isEmpty else {
                        throw d.error("secret_env", nil, "environment variable \(env) is not set")
                    }
                    secret = Secret(value)
                }
                if let secret, WebhookSecret.decode(secret) == nil {
                    throw d.error("secret", nil, "expected whsec_ followed by base64 (the secret itself is not shown)")
                }
                try d.finish()
                c.feed.destinations.append(FeedDestination(name: name, url: url, secret: secret))
            }
        }
        try f.finish()
        let t = try m.mapping("treatment")
        let policy = try t.string("policy", default: c.treatment.policy.rawValue)
        guard let chosen = TreatmentConfig.Policy(rawValue: policy) else {
            throw t.error("policy", t.node("policy"), "'\(policy)' is not a treatment policy; use weighted or dominant_probe")
        }
        c.treatment.policy = chosen
        c.treatment.zoneTopProbability = try t.double("zone_top_probability", default: c.treatment.zoneTopProbability, in: 0...1)
        c.treatment.zoneMargin = try t.double("zone_margin", default: c.treatment.zoneMargin, in: 0...1)
        c.treatment.probePeriodDays = try t.int("probe_period_days", default: c.treatment.probePeriodDays, in: 2...365)
        try t.finish()
        try m.finish()
        return c
    }
}

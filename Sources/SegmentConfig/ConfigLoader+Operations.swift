import Foundation
import Yams

extension ConfigLoader {
    static func readRelease(_ m: YAMLMapping) throws -> ReleaseConfig {
        var c = ReleaseConfig()
        c.autoPromote = try m.bool("auto_promote", default: c.autoPromote)
        c.requireApproval = try m.bool("require_approval", default: c.requireApproval)
        let g = try m.mapping("gates")
        c.gates.accuracyMargin = try g.double("accuracy_margin", default: c.gates.accuracyMargin, in: 0...1)
        c.gates.recallFloor = try g.double("recall_floor", default: c.gates.recallFloor, in: 0...1)
        c.gates.maxHarmRate = try g.double("max_harm_rate", default: c.gates.maxHarmRate, in: 0...1)
        c.gates.harmMargin = try g.double("harm_margin", default: c.gates.harmMargin, in: 0...1)
        c.gates.logLossTolerance = try g.double("log_loss_tolerance", default: c.gates.logLossTolerance, in: 0...10)
        c.gates.segmentMixPSI = try g.double("segment_mix_psi", default: c.gates.segmentMixPSI, in: 0...100)
        c.gates.minRows = try g.int("min_rows", default: c.gates.minRows, in: 1...100_000_000)
        c.gates.minSegmentRows = try g.int("min_segment_rows", default: c.gates.minSegmentRows, in: 1...100_000_000)
        c.gates.windowDays = try g.int("window_days", default: c.gates.windowDays, in: 0...3660)
        try g.finish()
        let r = try m.mapping("remedial")
        c.remedial.enabled = try r.bool("enabled", default: c.remedial.enabled)
        c.remedial.alpha = try r.double("alpha", default: c.remedial.alpha, in: 0.0001...0.5)
        try r.finish()
        let ch = try m.mapping("challengers")
        c.challengers.enabled = try ch.bool("enabled", default: c.challengers.enabled)
        if let list = try ch.sequence("windows") {
            c.challengers.windows = try list.map { node in
                guard let days = node.int, (3...365).contains(days) else {
                    throw ch.error("windows", node, "each window is a whole number of days from 3 to 365")
                }
                return days
            }
        }
        c.challengers.halfLifeDays = try ch.double("half_life_days", default: c.challengers.halfLifeDays, in: 0...365)
        c.challengers.holdoutDays = try ch.int("holdout_days", default: c.challengers.holdoutDays, in: 1...30)
        try ch.finish()
        try m.finish()
        return c
    }

    static func readAlerting(_ m: YAMLMapping) throws -> AlertingConfig {
        var c = AlertingConfig()
        c.rulesDir = try m.string("rules_dir", default: c.rulesDir)
        c.runbooksDir = try m.string("runbooks_dir", default: c.runbooksDir)
        c.runbookBaseURL = try m.string("runbook_base_url", default: c.runbookBaseURL)
        c.externalURL = try m.string("external_url", default: c.externalURL)
        let repeats = try m.mapping("repeat_interval")
        for severity in ["critical", "warning", "info"] {
            c.repeatInterval[severity] = try repeats.duration(severity, default: c.repeatInterval[severity]!,
                                                              in: 60...(30 * 86400))
        }
        try repeats.finish()
        let flap = try m.mapping("flap")
        c.flapWindow = try flap.duration("window", default: c.flapWindow, in: 60...(7 * 86400))
        c.flapMaxChanges = try flap.int("max_changes", default: c.flapMaxChanges, in: 2...1000)
        try flap.finish()
        let d = try m.mapping("delivery")
        c.delivery.connectTimeout = try d.duration("connect_timeout", default: c.delivery.connectTimeout, in: 0.1...300)
        c.delivery.timeout = try d.duration("timeout", default: c.delivery.timeout, in: 0.1...3600)
        c.delivery.backoffBase = try d.duration("backoff_base", default: c.delivery.backoffBase, in: 0.01...3600)
        c.delivery.backoffCap = try d.duration("backoff_cap", default: c.delivery.backoffCap, in: 0.01...86400)
        c.delivery.giveUpAfter = try d.duration("give_up_after", default: c.delivery.giveUpAfter, in: 1...(30 * 86400))
        try d.finish()
        if let list = try m.sequence("receivers") {
            var names = Set<String>()
            for (i, item) in list.enumerated() {
                let r = try YAMLMapping(item, file: m.file, path: "alerting.receivers[\(i)]")
                let receiver = try readReceiver(r)
                guard names.insert(receiver.name).inserted else {
                    throw r.error("name", nil, "receiver name '\(receiver.name)' is used twice")
                }
                c.receivers.append(receiver)
            }
        }
        try m.finish()
        return c
    }

    static func readReceiver(_ r: YAMLMapping) throws -> ReceiverConfig {
        guard let name = try r.optionalString("name"), !name.isEmpty else {
            throw r.error("name", nil, "every receiver needs a name")
        }
        let typeText = try r.string("type", default: "webhook")
        guard let kind = ReceiverConfig.Kind(rawValue: typeText) else {
            throw r.error("type", nil, "'\(typeText)' is not a receiver type; use webhook, slack, pagerduty or alertmanager")
        }
        guard let url = try r.optionalString("url"), let parsed = URL(string: url),
              let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw r.error("url", nil, "every receiver needs an http:// or https:// url")
        }
        var secret = try r.optionalString("secret").map(Secret.init)
        if let env = try r.optionalString("secret_env") {
            guard let value = ProcessInfo.processInfo.environment[env], !value.isEmpty else {
                throw r.error("secret_env", nil, "environment variable \(env) is not set")
            }
            secret = Secret(value)
        }
        if let secret {
            guard kind == .webhook else { throw r.error("secret", nil, "only webhook receivers are signed") }
            guard WebhookSecret.decode(secret) != nil else {
                throw r.error("secret", nil, "expected whsec_ followed by base64 (the secret itself is not shown)")
            }
        }
        var routingKey = try r.optionalString("routing_key").map(Secret.init)
        if let env = try r.optionalString("routing_key_env") {
            guard let value = ProcessInfo.processInfo.environment[env], !value.isEmpty else {
                throw r.error("routing_key_env", nil, "environment variable \(env) is not set")
            }
            routingKey = Secret(value)
        }
        if kind == .pagerduty && routingKey == nil {
            throw r.error("routing_key", nil, "pagerduty receivers need a routing_key (or routing_key_env)")
        }
        let severities = try r.strings("severities", default: ["critical", "warning"])
        if let bad = severities.first(where: { !["critical", "warning", "info"].contains($0) }) {
            throw r.error("severities", nil, "'\(bad)' is not a severity; use critical, warning or info")
        }
        try r.finish()
        return ReceiverConfig(name: name, kind: kind, url: url, secret: secret, routingKey: routingKey,
                              severities: severities)
    }

    static func readSupervisor(_ m: YAMLMapping) throws -> SupervisorConfig {
        var c = SupervisorConfig()
        c.timezone = try m.string("timezone", default: c.timezone)
        guard TimeZone(identifier: c.timezone) != nil else {
            throw m.error("timezone", nil, "'\(c.timezone)' is not a known time zone (e.g. UTC, Europe/London)")
        }
        let s = try m.mapping("schedule")
        c.retrainCron = try s.string("retrain", default: c.retrainCron)
        c.monitorCron = try s.string("monitor", default: c.monitorCron)
        c.watchdogCron = try s.string("watchdog", default: c.watchdogCron)
        for (key, value) in [("retrain", c.retrainCron), ("monitor", c.monitorCron), ("watchdog", c.watchdogCron)] {
            do { _ = try CronSchedule(value) } catch { throw s.error(key, nil, "\(error)") }
        }
        try s.finish()
        c.retrainGrace = try m.duration("retrain_grace", default: c.retrainGrace, in: 60...(7 * 86400))
        try m.finish()
        return c
    }

    static func readAPI(_ m: YAMLMapping) throws -> APIConfig {
        var c = APIConfig()
        c.host = try m.string("host", default: c.host)
        c.port = try m.int("port", default: c.port, in: 0...65535)
        c.maxBodyBytes = try m.size("max_body_size", default: c.maxBodyBytes, in: 1024...(4 << 30))
        c.headerTimeout = try m.duration("header_timeout", default: c.headerTimeout, in: 0.1...3600)
        c.bodyTimeout = try m.duration("body_timeout", default: c.bodyTimeout, in: 0.1...3600)
        c.idleTimeout = try m.duration("idle_timeout", default: c.idleTimeout, in: 1...86400)
        if let list = try m.sequence("tokens") {
            for (i, item) in list.enumerated() {
                let t = try YAMLMapping(item, file: m.file, path: "api.tokens[\(i)]")
                let name = try t.string("name", default: "token\(i + 1)")
                var value = try t.optionalString("token")
                if let env = try t.optionalString("token_env") { value = ProcessInfo.processInfo.environment[env] }
                guard let value, value.count >= 16 else {
                    throw t.error("token", nil, "each token needs a value of at least 16 characters (token or token_env)")
                }
                let roleText = try t.string("role", default: "viewer")
                guard let role = APIToken.Role(rawValue: roleText) else {
                    throw t.error("role", nil, "'\(roleText)' is not a role; use viewer, release-manager, operator or auditor")
                }
                try t.finish()
                c.tokens.append(APIToken(name: name, token: Secret(value), role: role))
            }
        }
        try m.finish()
        return c
    }
}

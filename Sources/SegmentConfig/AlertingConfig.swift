/// Alert rules, notification policy and receivers.
public struct AlertingConfig: Sendable, Equatable {
    /// Folder of rule files, relative to the configuration file's folder (or absolute).
    public var rulesDir = "Alerts"
    /// Folder of runbooks, relative to the configuration file's folder (or absolute).
    public var runbooksDir = "Runbooks"
    /// Prefix of runbook links in notifications; empty = a file path.
    public var runbookBaseURL = ""
    /// Where notifications point people (the API).
    public var externalURL = "http://127.0.0.1:8080"
    /// Repeat notifications while firing, per severity, in seconds.
    public var repeatInterval: [String: Double] = ["critical": 4 * 3600, "warning": 24 * 3600, "info": 24 * 3600]
    /// Flap suppression: more than `flapMaxChanges` state changes within `flapWindow` seconds holds the alert firing.
    public var flapWindow: Double = 3600
    public var flapMaxChanges = 4
    public var delivery = DeliveryConfig()
    public var receivers: [ReceiverConfig] = []
    public init() {}
}

/// How the outbox delivers.
public struct DeliveryConfig: Sendable, Equatable {
    public var connectTimeout: Double = 5
    public var timeout: Double = 15
    public var backoffBase: Double = 2
    public var backoffCap: Double = 300
    /// After this long without a 2xx, a delivery goes to the dead letters.
    public var giveUpAfter: Double = 24 * 3600
    public init() {}
}

/// One place notifications go.
public struct ReceiverConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case webhook, slack, pagerduty, alertmanager
    }

    public var name: String
    public var kind: Kind
    public var url: String
    /// Standard Webhooks signing secret (`whsec_…`), webhook receivers only.
    public var secret: Secret?
    /// PagerDuty Events API v2 routing key.
    public var routingKey: Secret?
    public var severities: [String] = ["critical", "warning"]

    public init(name: String, kind: Kind, url: String, secret: Secret? = nil, routingKey: Secret? = nil,
                severities: [String] = ["critical", "warning"]) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.routingKey = routingKey
        self.severities = severities
    }
}

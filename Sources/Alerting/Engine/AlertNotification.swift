import Foundation

/// What is sent about one alert, stored with the notification and rendered per receiver at delivery time.
public struct AlertNotification: Sendable, Equatable, Codable {
    /// The stable event id: the idempotency key (`webhook-id`) on every retry.
    public let id: String
    public let rule: String
    /// `firing` or `resolved`.
    public let status: String
    /// `firing`, `repeat`, `resolved`, `flapping`, `refresh` (Alertmanager re-push) or `test`.
    public let kind: String
    public let severity: String
    public let fingerprint: String
    /// `alertname`, `severity`, the rule's labels and the signal's labels.
    public let labels: [String: String]
    /// `summary`, `description`, `runbook_url`, `console_url` and every figure.
    public let annotations: [String: String]
    public let startsAt: String
    /// Empty while firing (the zero time in Alertmanager formats).
    public let endsAt: String
    public let generatorURL: String

    enum CodingKeys: String, CodingKey {
        case id, rule, status, kind, severity, fingerprint, labels, annotations
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case generatorURL = "generator_url"
    }

    public init(id: String, rule: String, status: String, kind: String, severity: String, fingerprint: String,
                labels: [String: String], annotations: [String: String], startsAt: String, endsAt: String,
                generatorURL: String) {
        self.id = id
        self.rule = rule
        self.status = status
        self.kind = kind
        self.severity = severity
        self.fingerprint = fingerprint
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    public var summary: String { annotations["summary"] ?? rule }
    public var runbookURL: String { annotations["runbook_url"] ?? "" }
    /// The console page with the alert's evidence (empty for notifications stored before the console existed).
    public var consoleURL: String { annotations["console_url"] ?? "" }
}

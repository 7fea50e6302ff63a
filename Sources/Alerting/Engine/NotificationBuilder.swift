import Foundation
import SegmentConfig
import SegmentStore

/// Builds the notification for an alert state: labels, annotations with the runbook link and every figure.
struct NotificationBuilder {
    let config: SegmentOpsConfig

    func build(rule: AlertRule, state: AlertStateRecord, kind: String, at date: Date) -> AlertNotification {
        var labels = state.labels
        labels["alertname"] = rule.name
        labels["severity"] = state.severity
        var annotations = state.figures
        annotations["summary"] = kind == "flapping" ? "[flapping] " + state.summary : state.summary
        annotations["description"] = kind == "flapping"
            ? state.description + "\n\nThis alert changed state \(state.changes.count) times within \(DurationText.format(config.alerting.flapWindow)); it is held firing and will resolve once the condition stays clear for that long."
            : state.description
        annotations["runbook_url"] = NotificationBuilder.runbookURL(rule: rule, config: config)
        annotations["console_url"] = NotificationBuilder.consoleURL(rule: rule.name, config: config)
        let resolved = state.state == .resolved
        return AlertNotification(
            id: "msg_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
            rule: rule.name, status: resolved ? "resolved" : "firing", kind: kind, severity: state.severity,
            fingerprint: state.fingerprint, labels: labels, annotations: annotations,
            startsAt: state.firingSince ?? state.activeSince ?? Timestamp.format(date),
            endsAt: resolved ? (state.resolvedAt ?? Timestamp.format(date)) : "",
            generatorURL: config.alerting.externalURL + "/v1/alerts")
    }

    /// The console page of the alert: its figures, history and a link to the page with the evidence.
    static func consoleURL(rule: String, config: SegmentOpsConfig) -> String {
        config.alerting.externalURL + "/ui/alerts/" + (rule.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? rule)
    }

    /// The runbook link: `runbook_base_url` + path when configured, else the API's runbook route.
    static func runbookURL(rule: AlertRule, config: SegmentOpsConfig) -> String {
        let base = config.alerting.runbookBaseURL
        if !base.isEmpty { return (base.hasSuffix("/") ? base : base + "/") + rule.runbook }
        let name = ((rule.runbook as NSString).lastPathComponent as NSString).deletingPathExtension
        return config.alerting.externalURL + "/v1/runbooks/" + name
    }
}

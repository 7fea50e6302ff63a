import Foundation
import SegmentConfig
import SegmentStore

/// Renders a notification as the request one receiver type expects.
public enum ReceiverFormat {
    /// Alertmanager's "zero" end time, meaning "still firing".
    static let zeroTime = "0001-01-01T00:00:00Z"

    public static func request(for n: AlertNotification, receiver: ReceiverConfig, at date: Date) throws -> HTTPRequest {
        let body: Data
        switch receiver.kind {
        case .webhook: body = try json(webhookV4(n, receiver: receiver))
        case .slack: body = try json(slack(n))
        case .pagerduty: body = try json(pagerduty(n, receiver: receiver))
        case .alertmanager: body = try json(.array([alertmanagerAlert(n, at: date)]))
        }
        var headers = [("Content-Type", "application/json"), ("Idempotency-Key", n.id)]
        if receiver.kind == .webhook, let secret = receiver.secret {
            // Signed with the wall-clock time of sending (receivers check freshness), even in a replay.
            headers += WebhookSigner.headers(id: n.id, timestamp: Int(Date().timeIntervalSince1970), body: body, secret: secret)
        }
        var url = receiver.url
        if receiver.kind == .alertmanager && !url.hasSuffix("/api/v2/alerts") {
            url = (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/api/v2/alerts"
        }
        return HTTPRequest(url: url, headers: headers, body: body)
    }

    static func json(_ value: JSONValue) throws -> Data { try JSONEncoderFactory.sorted().encode(value) }

    static func strings(_ d: [String: String]) -> JSONValue { .object(d.mapValues { .string($0) }) }

    static func ends(_ n: AlertNotification) -> String { n.status == "resolved" ? n.endsAt : zeroTime }

    /// The Alertmanager webhook payload, version 4.
    static func webhookV4(_ n: AlertNotification, receiver: ReceiverConfig) -> JSONValue {
        let alert: JSONValue = [
            "status": .string(n.status), "labels": strings(n.labels), "annotations": strings(n.annotations),
            "startsAt": .string(n.startsAt), "endsAt": .string(ends(n)), "generatorURL": .string(n.generatorURL),
            "fingerprint": .string(n.fingerprint),
        ]
        let group = ["alertname": n.rule]
        return [
            "version": "4", "groupKey": .string("{}:{alertname=\"\(n.rule)\"}"), "truncatedAlerts": 0,
            "status": .string(n.status), "receiver": .string(receiver.name), "groupLabels": strings(group),
            "commonLabels": strings(n.labels), "commonAnnotations": strings(n.annotations),
            "externalURL": .string(n.generatorURL.replacingOccurrences(of: "/v1/alerts", with: "")),
            "alerts": [alert],
        ]
    }

    /// A Slack incoming-webhook message: text for notifications, blocks for the app, with the runbook link.
    static func slack(_ n: AlertNotification) -> JSONValue {
        let icon = n.status == "resolved" ? ":white_check_mark:" : (n.severity == "critical" ? ":rotating_light:" : ":warning:")
        let head = "\(icon) [\(n.status.uppercased())\(n.kind == "repeat" ? " (still firing)" : "")] \(n.rule) (\(n.severity)): \(n.summary)"
        let description = n.annotations["description"] ?? ""
        return [
            "text": .string("\(head) — runbook: \(n.runbookURL)"),
            "blocks": [
                ["type": "section", "text": ["type": "mrkdwn", "text": .string("*\(head)*")]],
                ["type": "section", "text": ["type": "mrkdwn", "text": .string(description.isEmpty ? n.summary : description)]],
                ["type": "context", "elements": [["type": "mrkdwn",
                                                  "text": .string("<\(n.runbookURL)|Runbook>" + (n.consoleURL.isEmpty ? "" : " · <\(n.consoleURL)|Evidence>") + " · fingerprint \(n.fingerprint) · since \(n.startsAt)")]]],
            ],
        ]
    }

    /// PagerDuty Events API v2: trigger / resolve, deduplicated on the fingerprint.
    static func pagerduty(_ n: AlertNotification, receiver: ReceiverConfig) -> JSONValue {
        var event: [String: JSONValue] = [
            "routing_key": .string(receiver.routingKey?.value ?? ""),
            "event_action": .string(n.status == "resolved" ? "resolve" : "trigger"),
            "dedup_key": .string(n.fingerprint),
        ]
        if n.status != "resolved" {
            let severity = ["critical": "critical", "warning": "warning", "info": "info"][n.severity] ?? "error"
            event["payload"] = [
                "summary": .string("\(n.rule): \(n.summary)"), "source": "segmentops", "severity": .string(severity),
                "component": "segment-model", "group": .string(n.labels["category"] ?? "segmentops"),
                "class": .string(n.rule), "timestamp": .string(n.startsAt),
                "custom_details": strings(n.annotations.filter { $0.key != "summary" }),
            ]
            var links: [JSONValue] = [["href": .string(n.runbookURL), "text": "Runbook"]]
            if !n.consoleURL.isEmpty { links.append(["href": .string(n.consoleURL), "text": "Evidence in the console"]) }
            event["links"] = .array(links)
        }
        return .object(event)
    }

    /// One alert for Alertmanager's `POST /api/v2/alerts`: firing alerts carry an end time a few minutes ahead
    /// (they are re-sent while firing), resolved ones their resolve time.
    static func alertmanagerAlert(_ n: AlertNotification, at date: Date) -> JSONValue {
        let end = n.status == "resolved" ? n.endsAt : Timestamp.format(date.addingTimeInterval(5 * 60))
        return ["labels": strings(n.labels), "annotations": strings(n.annotations), "startsAt": .string(n.startsAt),
                "endsAt": .string(end), "generatorURL": .string(n.generatorURL)]
    }
}

import Foundation
import SegmentStore

/// `/ui/alerts`: every alert's state, the history with figures, deliveries and dead letters.
struct AlertsPage {
    let env: APIEnvironment

    static func figures(_ value: JSONValue) -> String {
        (value.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.stringValue ?? $0.value.text)" }
            .joined(separator: " · ")
    }

    static func href(_ rule: String) -> String { "/ui/alerts/" + HTML.component(rule) }

    func page() throws -> ConsolePage {
        let states = try AlertStateStore(database: env.database).all()
        let transitions = try AlertStateStore(database: env.database).transitions(limit: 200)
        let outbox = OutboxStore(database: env.database)
        let deliveries = try outbox.list(limit: 100)
        let dead = try outbox.list(failed: true, limit: 100)
        func delivery(_ d: OutboxItem) -> [String: Any] {
            ["created": ConsoleFormat.time(d.createdAt), "rule": d.rule, "status": d.status, "receiver": d.receiver,
             "state": d.state, "attempts": d.attempts,
             "last": d.lastError ?? d.lastStatus.map { "HTTP \($0)" } ?? "–"]
        }
        return ConsolePage(title: "Alerts", template: "alerts", context: [
            "states": states.map { a -> [String: Any] in
                ["rule": a.rule, "href": AlertsPage.href(a.rule), "state": a.state.rawValue, "flapping": a.flapping,
                 "severity": a.severity, "since": ConsoleFormat.time(a.firingSince ?? a.activeSince ?? a.resolvedAt), "summary": a.summary]
            },
            "hasStates": !states.isEmpty,
            "transitions": transitions.map { t -> [String: Any] in
                ["at": ConsoleFormat.time(t.at), "rule": t.rule, "href": AlertsPage.href(t.rule), "from": t.from, "to": t.to,
                 "figures": AlertsPage.figures(t.figures)]
            },
            "pending": try outbox.depth().pending, "lost": try outbox.lostCount(),
            "deliveries": deliveries.map(delivery), "deliveryCount": deliveries.count,
            "dead": dead.map(delivery), "hasDead": !dead.isEmpty,
        ])
    }
}

import Foundation
import SegmentStore

/// `/ui/alerts/{rule}`: one alert with its figures, its history and a link to the page holding its evidence (the
/// `console_url` of every notification points here).
struct AlertPage {
    let env: APIEnvironment

    func page(_ rule: String) throws -> ConsolePage {
        let store = AlertStateStore(database: env.database)
        let states = try store.all().filter { $0.rule == rule }
        let known = FileManager.default.fileExists(atPath: env.config.runbooksDirectory + "/\(rule).md")
        guard !states.isEmpty || known else {
            throw APIError(.notFound, "no alert named '\(rule)'; the alerts page lists them all")
        }
        let transitions = try store.transitions(rule: rule, limit: 200)
        let evidence = AlertEvidence.link(rule: rule, labels: states.first?.labels ?? [:])
        return ConsolePage(title: rule, template: "alert", context: [
            "rule": rule, "evidenceHref": evidence.href, "evidenceLabel": evidence.label,
            "states": states.map { a -> [String: Any] in
                ["state": a.state.rawValue, "summary": a.summary, "description": a.description, "severity": a.severity,
                 "activeSince": ConsoleFormat.time(a.activeSince), "firingSince": ConsoleFormat.time(a.firingSince),
                 "resolvedAt": ConsoleFormat.time(a.resolvedAt), "fingerprint": a.fingerprint,
                 "labels": a.labels.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] },
                 "figures": a.figures.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }]
            },
            "hasStates": !states.isEmpty,
            "transitions": transitions.map { t -> [String: Any] in
                ["at": ConsoleFormat.time(t.at), "from": t.from, "to": t.to, "figures": AlertsPage.figures(t.figures)]
            },
        ])
    }

    /// `/ui/runbooks/{name}`: the runbook as written (a signed-in browser cannot send the API's bearer token).
    func runbook(_ name: String) throws -> ConsolePage {
        guard (try? /^[A-Za-z0-9]+$/.wholeMatch(in: name)) != nil,
              let text = try? String(contentsOfFile: env.config.runbooksDirectory + "/\(name).md", encoding: .utf8) else {
            throw APIError(.notFound, "no runbook named '\(name)'")
        }
        return ConsolePage(title: "Runbook: \(name)", template: "runbook", context: ["file": "Runbooks/\(name).md", "text": text])
    }
}

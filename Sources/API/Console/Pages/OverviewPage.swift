import Foundation
import SegmentStore

/// `/ui`: what serves and since when, the supervisor and the last nightly run, firing alerts, the outbox.
struct OverviewPage {
    let env: APIEnvironment

    func page() throws -> ConsolePage {
        let status = try OperationsStatus.load(env.database, now: env.now())
        var context: [String: Any] = [:]
        if let p = status.production {
            context["production"] = ["label": "v\(p.version)", "href": "/ui/versions/\(p.version)",
                                     "since": ConsoleFormat.time(status.productionSince), "accuracy": HTML.number(p.accuracy)]
        }
        if let latest = status.latestVersion, latest.version != status.production?.version {
            context["newest"] = ["label": "v\(latest.version)", "href": "/ui/versions/\(latest.version)", "version": latest.version,
                                 "stage": latest.stage.rawValue, "asOf": latest.asOf.description,
                                 "productionVersion": status.production?.version ?? latest.version]
        }
        if env.database is SegmentDatabase {
            context["supervisor"] = status.supervisor.map { "running (pid \($0.pid) on \($0.host))" }
                ?? (env.rulesLoaded != nil ? "running in this process" : "not running")
        } else {
            // Several supervisors share a PostgreSQL database: the card names the leader.
            context["supervisor"] = status.leader.map { "leader \($0.holder) (epoch \($0.epoch))" } ?? "no leader yet"
        }
        if let run = status.lastNightly {
            context["lastNightly"] = ["id": run.id, "asOf": run.asOf ?? "?", "status": run.status,
                                      "finished": ConsoleFormat.time(run.finishedAt ?? run.startedAt)]
        }
        let firing = status.firing.map { a -> [String: Any] in
            ["rule": a.rule, "severity": a.severity, "since": ConsoleFormat.time(a.firingSince ?? a.activeSince),
             "summary": a.summary, "href": "/ui/alerts/\(HTML.component(a.rule))"]
        }
        context["firing"] = firing
        context["hasFiring"] = !firing.isEmpty
        context["firingCount"] = firing.count
        context["outboxPending"] = status.outboxPending
        if let oldest = status.outboxOldest { context["outboxOldest"] = ConsoleFormat.time(oldest) }
        if status.lostNotifications > 0 { context["lost"] = status.lostNotifications }
        if let e = status.evaluation {
            context["evaluation"] = ["text": "v\(e.version): accuracy \(HTML.number(e.accuracy)) (95% \(HTML.number(e.accuracyCI.first)) to \(HTML.number(e.accuracyCI.last))), harm \(HTML.number(e.harmRate)) on \(e.n) labels of \(e.window)"
                                     + (e.guardrail.tripped ? " — guardrail tripped" : "")]
        }
        if let e = status.estimate, e.status == .ok {
            context["estimate"] = ["text": "v\(e.version): expected accuracy \(HTML.number(e.estimate.expectedAccuracy)), harm \(HTML.number(e.estimate.expectedHarmRate)) on \(e.estimate.n) unlabelled rows"
                                   + (e.dropSignificant ? " — significant drop" : "")]
        }
        var warnings = [String]()
        if let hold = status.segmentHold {
            context["hold"] = "since \(hold.since): v\(hold.version) would change \(hold.changes) of \(hold.confirmed) confirmed customers"
            warnings.append("Segment changes are held (storm guard): see the Segments page and `segmentops segments status`.")
        }
        if let pause = status.promotionPaused {
            context["paused"] = "by \(pause.by): \(pause.reason)"
            warnings.append("Automatic promotion is paused by \(pause.by).")
        }
        if status.lostNotifications > 0 {
            warnings.append("\(status.lostNotifications) alert notifications reached no receiver: `segmentops alerts deliveries --failed`.")
        }
        if status.production == nil { warnings.append("No version is in production.") }
        context["warnings"] = warnings
        context["hasWarnings"] = !warnings.isEmpty
        return ConsolePage(title: "Overview", template: "overview", context: context)
    }
}

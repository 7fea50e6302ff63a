import Foundation
import SegmentStore

/// `/ui/versions/{v}`: lineage (windows, data fingerprint, code, configuration), holdout metrics, coefficients, the
/// gate table and every audit entry about the version.
struct VersionPage {
    let env: APIEnvironment

    func page(_ v: Int) throws -> ConsolePage {
        let registry = ModelRegistry(database: env.database)
        let version = try registry.version(v)
        let artifact = try registry.artifact(v)
        let t = artifact.training
        let config = try registry.configSnapshot(v)
        let lineage: [(String, String)] = [
            ("Window", t.window.description), ("Training days", t.trainWindow.description),
            ("Holdout days", t.holdoutWindow.description), ("Rows", "\(t.trainRows) train, \(t.holdoutRows) holdout"),
            ("Data fingerprint", t.fingerprint), ("Code version", version.codeVersion),
            ("Configuration", "sha256 " + sha256Hex(Array(config.utf8)).prefix(16) + "… (\(config.split(separator: "\n").count) lines)"),
            ("Recipe", t.recipeName), ("Fit", "L2 \(t.l2), \(t.iterations) iterations, " + (t.converged ? "converged" : "not converged")),
            ("Labels known by", t.labelsKnownBy?.description ?? "the day of each row"),
            ("Artifact", "sha256 " + version.artifactSHA256),
        ]
        let m = artifact.metrics
        let segments = artifact.segments
        let metricRows: [[String: Any]] = [
            ["name": "recall", "cells": segments.map { HTML.number(m.recall[$0]) } + [""]],
            ["name": "precision", "cells": segments.map { HTML.number(m.precision[$0]) } + [""]],
            ["name": "support", "cells": segments.map { "\(m.support[$0] ?? 0)" } + ["\(m.n)"]],
            ["name": "accuracy", "cells": segments.map { _ in "" } + [HTML.number(m.accuracy)]],
            ["name": "log loss", "cells": segments.map { _ in "" } + [HTML.number(m.logLoss)]],
            ["name": "harm rate", "cells": segments.map { _ in "" } + [HTML.number(m.harmRate)]],
        ]
        var coefficientRows: [[String: Any]] = artifact.features.map { f in
            ["name": f, "cells": segments.map { HTML.number(artifact.coefficients[$0]?[f], 4) }]
        }
        coefficientRows.append(["name": "(intercept)", "cells": segments.map { HTML.number(artifact.intercepts[$0], 4) }])
        let entries = try registry.history(version: v)
        var context: [String: Any] = [
            "version": v, "stage": version.stage.rawValue, "asOf": version.asOf.description,
            "createdAt": ConsoleFormat.time(version.createdAt), "createdBy": version.createdBy,
            "lineage": lineage.map { ["name": $0.0, "value": $0.1] }, "segments": segments,
            "metricRows": metricRows, "coefficientRows": coefficientRows,
            "audit": entries.reversed().map { ConsoleEvidence.row(AuditSummary($0)) },
        ]
        if v > 1 { context["previous"] = v - 1 }
        if let production = try registry.productionVersion(), production != v { context["production"] = production }
        if let judged = entries.last(where: { $0.version == v && $0.evidence["gates"] != nil }) {
            context["gateEntry"] = ["seq": judged.seq, "action": judged.action, "at": ConsoleFormat.time(judged.at),
                                    "actor": judged.actor, "verdict": ConsoleEvidence.verdict(AuditSummary(judged))]
            context.merge(ConsoleEvidence.context(judged.evidence)) { a, _ in a }
        }
        let intervals = try registry.productionIntervals().filter { $0.version == v }
        context["intervals"] = intervals.map { ["from": ConsoleFormat.time($0.startedAt), "to": $0.endedAt.map { ConsoleFormat.time($0) } ?? "now"] }
        context["hasIntervals"] = !intervals.isEmpty
        return ConsolePage(title: "Version v\(v)", template: "version", context: context)
    }
}

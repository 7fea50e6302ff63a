import Foundation
import Hummingbird
import SegmentModel
import SegmentStore

/// `/ui/diff?a=&b=`: two versions side by side, only what differs unless `all=1`.
struct DiffPage {
    let env: APIEnvironment

    struct Row {
        let field: String
        let base: String
        let other: String
        let change: String
        var differs: Bool { base != other }
        var context: [String: Any] { ["field": field, "base": base, "other": other, "change": differs ? change : "", "differs": differs] }
    }

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let registry = ModelRegistry(database: env.database)
        let production = try registry.productionVersion()
        let latest = try registry.latest()?.version
        guard let a = try ConsoleQuery.optionalVersion(q, "a") ?? production ?? latest.map({ max(1, $0 - 1) }),
              let b = try ConsoleQuery.optionalVersion(q, "b") ?? latest else {
            throw APIError(.notFound, "the registry holds no versions yet")
        }
        let all = try ConsoleQuery.flag(q, "all")
        let diff = try VersionDiff(registry: registry, base: a, other: b)
        let va = try registry.version(a), vb = try registry.version(b)
        func text(_ x: Double, _ digits: Int = 4) -> String { HTML.number(x, digits) }
        func numeric(_ field: String, _ d: VersionDiff.Delta, _ digits: Int = 4) -> Row {
            Row(field: field, base: text(d.base, digits), other: text(d.other, digits), change: HTML.signed(d.delta, digits))
        }
        let lineage = [
            Row(field: "trained for", base: va.asOf.description, other: vb.asOf.description, change: "later by \(vb.asOf - va.asOf) days"),
            Row(field: "window", base: diff.data.baseWindow.description, other: diff.data.otherWindow.description,
                change: "\(diff.data.overlapDays) days overlap"),
            Row(field: "training rows", base: "\(diff.data.baseTrainRows)", other: "\(diff.data.otherTrainRows)",
                change: HTML.signed(Double(diff.data.otherTrainRows - diff.data.baseTrainRows), 0)),
            Row(field: "data fingerprint", base: String(va.dataFingerprint.prefix(16)), other: String(vb.dataFingerprint.prefix(16)), change: "different data"),
            Row(field: "code version", base: va.codeVersion, other: vb.codeVersion, change: "different code"),
            Row(field: "configuration", base: diff.data.sameConfig ? "same" : "sha256 " + sha256Hex(Array(try registry.configSnapshot(a).utf8)).prefix(12),
                other: diff.data.sameConfig ? "same" : "sha256 " + sha256Hex(Array(try registry.configSnapshot(b).utf8)).prefix(12),
                change: "different configuration"),
        ]
        let metrics = diff.metrics.keys.sorted().map { numeric($0, diff.metrics[$0]!) }
        let coefficients = diff.features.flatMap { f in diff.segments.compactMap { s in diff.coefficients[s]?[f].map { numeric("\(f) · \(s)", $0) } } }
        let sections = [("Lineage", lineage), ("Holdout metrics", metrics), ("Coefficients (standardised)", coefficients)]
        let total = sections.reduce(0) { $0 + $1.1.count }
        let differing = sections.reduce(0) { $0 + $1.1.filter(\.differs).count }
        let context: [String: Any] = [
            "a": a, "b": b, "all": all, "total": total, "differing": differing,
            "sections": sections.map { name, rows -> [String: Any] in
                let shown = all ? rows : rows.filter(\.differs)
                return ["name": name, "rows": shown.map(\.context), "hasRows": !shown.isEmpty]
            },
        ]
        return ConsolePage(title: "v\(a) → v\(b)", template: "diff", context: context)
    }
}

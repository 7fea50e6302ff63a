import Foundation
import SegmentStore

/// Text rendering of audit entries, with their evidence flattened to readable lines.
enum HistoryText {
    static func render(_ entries: [AuditEntry], withEvidence: Bool, indent: String = "") -> String {
        guard !entries.isEmpty else { return indent + "(no entries)" }
        var lines = [String]()
        for e in entries {
            var head = "\(indent)#\(e.seq) \(e.at) \(e.actor) \(e.action)"
            if let v = e.version { head += " v\(v)" }
            if e.outcome != "ok" { head += " [\(e.outcome)]" }
            if let before = e.before, let after = e.after, before != after { head += " — \(before) → \(after)" }
            lines.append(head)
            if let reason = e.reason { lines.append("\(indent)    reason: \(reason)") }
            if withEvidence { lines += evidenceLines(e.evidence, indent: indent + "    ") }
        }
        return lines.joined(separator: "\n")
    }

    static func evidenceLines(_ evidence: JSONValue, indent: String) -> [String] {
        guard let object = evidence.objectValue, !object.isEmpty else { return [] }
        var lines = [String]()
        var scalars = [String]()
        if let gates = object["gates"]?.arrayValue {
            lines.append("\(indent)gates (\(object["verdict"]?.stringValue ?? "?") on \(number(object["n"])) labelled rows \(window(object["window"]))):")
            for g in gates {
                let status = (g["status"]?.stringValue ?? "?").padding(toLength: 8, withPad: " ", startingAt: 0)
                lines.append("\(indent)  \(status) \(g["gate"]?.stringValue ?? "?"): \(g["value"]?.stringValue ?? "-") (\(g["threshold"]?.stringValue ?? "-"))")
            }
        }
        // The gate table already shows the verdict, n and window; the config snapshot is not for this view.
        let skipped: Set<String> = object["gates"] == nil ? ["config"] : ["gates", "verdict", "n", "window", "config"]
        for key in object.keys.sorted() where !skipped.contains(key) {
            let value = object[key]!
            let summaries = value.arrayValue?.compactMap(metricsSummary) ?? []
            if let metrics = metricsSummary(value) {
                lines.append("\(indent)\(key): \(metrics)")
            } else if !summaries.isEmpty, summaries.count == value.arrayValue?.count {
                for summary in summaries { lines.append("\(indent)\(key): \(summary)") }
            } else {
                flatten(key, value, into: &scalars)
            }
        }
        if !scalars.isEmpty {
            var current = indent
            for item in scalars {
                if current.count + item.count > 110 && current != indent {
                    lines.append(current)
                    current = indent
                }
                current += (current == indent ? "" : "  ") + item
            }
            lines.append(current)
        }
        return lines
    }

    /// "v3 accuracy 0.8512 harm 0.0671 log-loss 0.4102 n 2808" for anything shaped like metrics or an evaluation.
    static func metricsSummary(_ value: JSONValue) -> String? {
        guard let o = value.objectValue, let accuracy = o["accuracy"]?.doubleValue, let harm = o["harm_rate"]?.doubleValue else { return nil }
        var parts = [String]()
        if let v = o["version"]?.doubleValue { parts.append("v\(Int(v))") }
        parts.append("accuracy \(Fmt.f(accuracy))")
        if let ci = o["accuracy_ci"]?.arrayValue?.compactMap(\.doubleValue), ci.count == 2 { parts.append("[\(Fmt.f(ci[0], 3)), \(Fmt.f(ci[1], 3))]") }
        parts.append("harm \(Fmt.f(harm))")
        if let ll = o["log_loss"]?.doubleValue { parts.append("log-loss \(Fmt.f(ll))") }
        if let n = o["n"]?.doubleValue { parts.append("n \(Int(n))") }
        if let g = o["guardrail"]?["status"]?.stringValue { parts.append("guardrail \(g)") }
        if let recall = o["recall"]?.objectValue {
            parts.append("recall " + recall.keys.sorted().map { "\($0) \(Fmt.f(recall[$0]?.doubleValue ?? 0, 3))" }.joined(separator: "/"))
        }
        return parts.joined(separator: "  ")
    }

    static func number(_ v: JSONValue?) -> String { v?.doubleValue.map { String(Int($0)) } ?? "?" }

    static func window(_ v: JSONValue?) -> String {
        if let s = v?.stringValue { return s }
        guard let from = v?["from"]?.stringValue, let to = v?["to"]?.stringValue else { return "" }
        return "\(from)…\(to)"
    }

    static func flatten(_ key: String, _ value: JSONValue, into out: inout [String]) {
        switch value {
        case .object(let o):
            if key.hasSuffix("window") || key == "holdout", let from = o["from"]?.stringValue, let to = o["to"]?.stringValue {
                out.append("\(key)=\(from)…\(to)")
                return
            }
            for k in o.keys.sorted() where !["confusion", "precision", "support", "bins", "recall_ci"].contains(k) {
                flatten("\(key).\(k)", o[k]!, into: &out)
            }
        case .number(let d):
            out.append("\(key)=\(d == d.rounded() && abs(d) < 1e12 ? String(Int(d)) : Fmt.f(d))")
        case .string(let s): out.append("\(key)=\(s.count > 40 ? String(s.prefix(16)) + "…" : s)")
        case .bool(let b): out.append("\(key)=\(b)")
        case .null: out.append("\(key)=null")
        case .array(let a):
            if a.allSatisfy({ $0.doubleValue != nil }) {
                out.append("\(key)=[\(a.compactMap(\.doubleValue).map { Fmt.f($0, 3) }.joined(separator: ","))]")
            } else if a.allSatisfy({ $0.stringValue != nil }) {
                out.append("\(key)=[\(a.compactMap(\.stringValue).joined(separator: ","))]")
            } else {
                out.append("\(key)=\(a.count) items")
            }
        }
    }
}

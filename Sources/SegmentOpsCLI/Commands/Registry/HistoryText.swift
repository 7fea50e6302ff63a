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
        for key in object.keys.sorted() {
            let value = object[key]!
            if key == "gates", let gates = value.arrayValue {
                lines.append("\(indent)gates:")
                for g in gates {
                    let name = g["gate"]?.stringValue ?? "?"
                    let status = g["status"]?.stringValue ?? "?"
                    let detail = g["detail"]?.stringValue ?? ""
                    lines.append("\(indent)  \(status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(name): \(detail)")
                }
            } else if key == "config" {
                continue
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

    static func flatten(_ key: String, _ value: JSONValue, into out: inout [String]) {
        switch value {
        case .object(let o):
            for k in o.keys.sorted() { flatten("\(key).\(k)", o[k]!, into: &out) }
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

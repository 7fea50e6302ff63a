import Foundation
import SegmentModel

/// Text of the demo and replay timelines.
public enum DemoText {
    static func f(_ v: Double?, _ digits: Int = 3) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "  -  " }

    public static func timelineLine(_ d: ReplayReport.DayLine) -> String {
        let prod = d.productionVersion.map { "v\($0)" } ?? "none"
        var s = "\(d.date)  prod \(prod.padding(toLength: 4, withPad: " ", startingAt: 0))  acc \(f(d.accuracy))  est \(f(d.estimatedAccuracy))  harm \(f(d.harmRate))"
        s += "  psi \(f(d.maxFeaturePSI)) \((d.maxFeature ?? "-").padding(toLength: 24, withPad: " ", startingAt: 0)) mix \(f(d.segmentMixPSI))"
        // The night's candidates paused together are told once.
        let paused = d.events.filter { $0.type == "paused" }.compactMap(\.version)
        var events = d.events.filter { $0.type != "paused" }.map(describe)
        if !paused.isEmpty { events.insert("promotion paused (\(paused.map { "v\($0)" }.joined(separator: ", ")) held)", at: 0) }
        return events.isEmpty ? s : s + "  | " + events.joined(separator: "; ")
    }

    public static func describe(_ e: ReplayReport.Event) -> String {
        switch e.type {
        case "promoted": "promoted v\(e.version ?? 0)" + (e.detail.hasSuffix(")") ? " " + e.detail.drop { $0 != "(" } : "")
        case "remedial_promotion": "REMEDIAL \(e.detail.prefix { $0 != ":" })"
        case "challengers": "challengers \(e.detail)"
        case "blocked": "blocked v\(e.version ?? 0) (\(e.detail.replacingOccurrences(of: "failing gates: ", with: "")))"
        case "held": "held v\(e.version ?? 0)"
        case "paused": "promotion paused (v\(e.version ?? 0) held)"
        case "rolled_back": "ROLLED BACK \(e.detail)"
        case "no_safe_rollback_target": "no safe rollback target (\(e.detail))"
        case "alert_fired": "▲ \(e.alert ?? "?")"
        case "alert_resolved": "▽ \(e.alert ?? "?")"
        case "undelivered": e.detail
        case "lost": "LOST: \(e.detail)"
        default: "\(e.type): \(e.detail)"
        }
    }

    /// The days where something other than a routine nightly promotion happened; runs of consecutive days with
    /// nothing but the same kind of block (or pause) are folded into one line.
    public static func story(_ report: ReplayReport) -> [String] {
        struct Entry {
            var first: Day
            var last: Day
            var key: String?
            var text: String
            var count: Int
        }
        var entries = [Entry]()
        var previousPromoted = false
        for line in report.days {
            let day = line.date
            var notable = [String]()
            for e in line.events {
                if e.type == "promoted" {
                    if !previousPromoted || entries.isEmpty { notable.append(describe(e)) }
                } else if e.type != "alert_fired" || !(e.alert ?? "").hasPrefix("Watchdog") {
                    notable.append(describe(e) + (e.type == "alert_fired" ? " — \(e.detail)" : ""))
                }
            }
            previousPromoted = line.events.contains { $0.type == "promoted" }
            guard !notable.isEmpty else { continue }
            let key = routineKey(line.events)
            if let key, let last = entries.last, last.key == key, last.last == day - 1 {
                entries[entries.count - 1].last = day
                entries[entries.count - 1].count += 1
            } else {
                entries.append(Entry(first: day, last: day, key: key, text: notable.joined(separator: "; "), count: 1))
            }
        }
        return entries.map { e in
            e.count > 1 ? "\(e.first)…\(e.last): \(e.count) days, each: \(e.key!)" : "\(e.first): \(e.text)"
        }
    }

    /// What a day did, when it is the same routine as its neighbours (blocks, holds, pauses; or a night of
    /// challengers while production recovers from drift); nil for a day with anything else.
    static func routineKey(_ events: [ReplayReport.Event]) -> String? {
        let types = Set(events.map(\.type))
        if types.contains("challengers") {
            let routine = events.allSatisfy { e in
                ["challengers", "blocked", "held", "promoted"].contains(e.type)
                    || (e.type.hasPrefix("alert_") && e.alert == "CandidateBlocked")
            }
            return routine ? "challengers trained on recent labels; the best candidate promoted when the gates allow" : nil
        }
        var parts = [String]()
        for e in events {
            switch e.type {
            case "blocked": parts.append("candidate blocked (\(e.detail.replacingOccurrences(of: "failing gates: ", with: "")))")
            case "held": parts.append("candidate held")
            case "paused": parts.append("promotion paused")
            default: return nil
            }
        }
        var seen = Set<String>()
        return parts.filter { seen.insert($0).inserted }.joined(separator: "; ")
    }
}

import Foundation
import Hummingbird
import SegmentStore

/// `/ui/registry`: what served when, each change with actor, reason and gate verdict; `?at=T` answers which version
/// served at T, with the evidence that put it there.
struct RegistryPage {
    let env: APIEnvironment
    static let registryActions = ["register", "promote", "rollback", "reject", "approve", "pause_promotion", "resume_promotion"]
    static let changeLimit = 200

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let registry = ModelRegistry(database: env.database)
        let at = try ConsoleQuery.timestamp(q, "at")
        let intervals = try registry.productionIntervals()
        let (changes, total) = try env.database.read { db in
            try AuditLog.summaries(db, filter: .init(actions: RegistryPage.registryActions), offset: 0, limit: RegistryPage.changeLimit)
        }
        let starters = try env.database.read { db in
            try AuditLog.summaries(db, filter: .init(seqs: intervals.map(\.startedSeq)), offset: 0, limit: max(intervals.count, 1)).entries
        }
        let bySeq = Dictionary(starters.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        var context: [String: Any] = [
            "atText": q.get("at") ?? "",
            "intervalCount": intervals.count,
            "changes": changes.map(ConsoleEvidence.row), "changeCount": changes.count, "changeTotal": total,
        ]
        context["intervals"] = intervals.reversed().map { i -> [String: Any] in
            let entry = bySeq[i.startedSeq]
            return ["version": i.version, "from": ConsoleFormat.time(i.startedAt), "to": i.endedAt.map { ConsoleFormat.time($0) } ?? "now",
                    "days": HTML.number(days(i), 1), "actor": entry?.actor ?? "?", "reason": entry?.reason ?? "",
                    "verdict": entry.map(ConsoleEvidence.verdict) ?? "?"]
        }
        if let at {
            var answer: [String: Any] = ["when": ConsoleFormat.time(at)]
            if let served = try registry.production(at: at) {
                let entry = bySeq[served.startedSeq]
                var s: [String: Any] = ["version": served.version, "href": "/ui/versions/\(served.version)",
                                        "from": ConsoleFormat.time(served.startedAt),
                                        "to": served.endedAt.map { ConsoleFormat.time($0) } ?? "now",
                                        "actor": entry?.actor ?? "?", "action": entry?.action ?? "?",
                                        "seq": served.startedSeq, "reason": entry?.reason ?? ""]
                if let entry {
                    s["verdict"] = ConsoleEvidence.verdict(entry)
                    let full = try env.database.read { db in
                        try AuditLog.page(db, filter: .init(seqs: [entry.seq]), offset: 0, limit: 1).entries.first
                    }
                    s.merge(ConsoleEvidence.context(full?.evidence ?? .object([:]))) { a, _ in a }
                }
                answer["served"] = s
            }
            context["at"] = answer
        }
        return ConsolePage(title: "Registry", template: "registry", context: context)
    }

    private func days(_ i: ProductionInterval) -> Double {
        guard let start = Timestamp.parse(i.startedAt) else { return 0 }
        let end = i.endedAt.flatMap(Timestamp.parse) ?? env.now()
        return max(0, end.timeIntervalSince(start) / 86400)
    }
}

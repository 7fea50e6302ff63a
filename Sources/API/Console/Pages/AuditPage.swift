import Foundation
import Hummingbird
import SegmentStore

/// `/ui/audit`: the audit log, newest first, paged and filterable, with the hash chain's status and exports.
struct AuditPage {
    let env: APIEnvironment
    static let pageSize = 50

    func filter(_ q: Hummingbird.Parameters) throws -> (AuditLog.Filter, String) {
        var filter = AuditLog.Filter()
        var query = ""
        if let action = q.get("action"), !action.isEmpty {
            filter.actions = [action]
            query += "&action=" + HTML.component(action)
        }
        if let actor = q.get("actor"), !actor.isEmpty {
            filter.actor = actor
            query += "&actor=" + HTML.component(actor)
        }
        if let version = try ConsoleQuery.optionalVersion(q, "version") {
            filter.version = version
            query += "&version=\(version)"
        }
        return (filter, query)
    }

    func page(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let (filter, query) = try filter(q)
        let page = try ConsoleQuery.page(q)
        let (entries, total, actions, chain) = try env.database.read { db in
            let (entries, total) = try AuditLog.summaries(db, filter: filter, offset: (page - 1) * AuditPage.pageSize, limit: AuditPage.pageSize)
            return (entries, total, try AuditLog.actions(db), try AuditLog.verifyChain(db))
        }
        let pages = max(1, (total + AuditPage.pageSize - 1) / AuditPage.pageSize)
        guard page <= pages else {
            throw APIError(.notFound, "page \(page) is past the end: \(total) matching entries fill \(pages) page\(pages == 1 ? "" : "s")")
        }
        var context: [String: Any] = [
            "entries": entries.map(ConsoleEvidence.row), "total": total, "page": page, "pages": pages,
            "filterQuery": query, "actor": filter.actor ?? "", "version": filter.version.map(String.init) ?? "",
            "actions": actions.map { ["name": $0, "selected": filter.actions == [$0]] },
        ]
        switch chain {
        case .success(let n):
            context["chainStatus"] = "ok"
            context["chainText"] = "intact: \(n) entries verified, each hash links to the one before"
        case .failure(let broken):
            context["chainStatus"] = "failed"
            context["chainText"] = "BROKEN: \(broken.description) — run `segmentops registry verify` and keep the database as evidence"
        }
        if page > 1 { context["previous"] = page - 1 }
        if page < pages { context["next"] = page + 1 }
        return ConsolePage(title: "Audit log", template: "audit", context: context)
    }

    /// Every matching entry as CSV or JSON lines (oldest first), hashes included.
    func export(_ q: Hummingbird.Parameters) throws -> Response {
        let (filter, _) = try filter(q)
        let format = q.get("format") ?? "csv"
        guard format == "csv" || format == "ndjson" else { throw APIError(.badRequest, "format: '\(format)' is not csv or ndjson") }
        let entries = try env.database.read { db in
            try AuditLog.page(db, filter: filter, offset: 0, limit: Int.max).entries.reversed()
        }
        var text = ""
        if format == "csv" {
            text = "seq,at,actor,action,version,other_version,outcome,reason,prev_hash,hash\n"
            for e in entries {
                let fields = ["\(e.seq)", e.at, e.actor, e.action, e.version.map(String.init) ?? "", e.otherVersion.map(String.init) ?? "",
                              e.outcome, e.reason ?? "", e.prevHash, e.hash]
                text += fields.map(AuditPage.csvField).joined(separator: ",") + "\n"
            }
        } else {
            let encoder = JSONEncoderFactory.sorted()
            for e in entries { text += String(decoding: try encoder.encode(e), as: UTF8.self) + "\n" }
        }
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"segmentops-audit.\(format == "csv" ? "csv" : "ndjson")\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
    static func csvField(_ s: String) -> String {
        var s = s
        if let first = s.first, "=+-@".contains(first) { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

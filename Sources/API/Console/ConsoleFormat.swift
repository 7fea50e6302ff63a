import Foundation
import SegmentStore

/// How the console writes times and links.
enum ConsoleFormat {
    /// UTC to the second, as the audit log writes it but readable.
    static func time(_ date: Date) -> String {
        let t = Timestamp.format(date)
        return t.count >= 19 ? String(t.prefix(19)).replacingOccurrences(of: "T", with: " ") + " UTC" : t
    }

    /// A stored timestamp shortened to the second.
    static func time(_ stored: String?) -> String {
        guard let stored, !stored.isEmpty else { return "–" }
        return stored.count >= 19 ? String(stored.prefix(19)).replacingOccurrences(of: "T", with: " ") : stored
    }

    static func versionLink(_ v: Int?) -> [String: Any] {
        guard let v else { return ["label": "–", "href": ""] }
        return ["label": "v\(v)", "href": "/ui/versions/\(v)"]
    }
}

import Foundation
import Testing

/// HTML snapshots of console pages in Tests/SegmentOpsTests/Snapshots/Console. The code version (and the audit
/// hashes and fingerprints that cover it) change with every commit and are masked; everything else must match.
/// Record again with `SEGMENTOPS_RECORD_SNAPSHOTS=1 swift test --filter Console` and review the diff.
enum ConsoleSnapshot {
    static let folder = TestPaths.root + "/Tests/SegmentOpsTests/Snapshots/Console"

    static func normalise(_ html: String) -> String {
        html.replacing(/segmentops \d+\.\d+\.\d+ \([0-9a-f]+\)/, with: "segmentops VERSION")
            .replacing(/\b[0-9a-f]{12,64}\b/, with: "HEX")
    }

    static func check(_ name: String, _ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = folder + "/\(name).html"
        let actual = normalise(html)
        if ProcessInfo.processInfo.environment["SEGMENTOPS_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no snapshot \(path); record with SEGMENTOPS_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let out = TestPaths.root + "/.build/console-snapshots"
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try? actual.write(toFile: out + "/\(name).html", atomically: true, encoding: .utf8)
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("""
            page \(name) differs from its snapshot at line \(line + 1) (the page is in .build/console-snapshots/\(name).html)
            expected: \(line < a.count ? String(a[line].prefix(300)) : "<end>")
            actual:   \(line < b.count ? String(b[line].prefix(300)) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}

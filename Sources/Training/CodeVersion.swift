import Foundation

/// The code a version was trained by: the package version, plus the git commit when it is known (from
/// `SEGMENTOPS_GIT_COMMIT`, or the checkout the executable was built in).
public enum CodeVersion {
    public static let package = "0.1.0"

    public static let current: String = {
        if let commit = ProcessInfo.processInfo.environment["SEGMENTOPS_GIT_COMMIT"], !commit.isEmpty {
            return "segmentops \(package) (\(commit))"
        }
        if let commit = gitCommit() { return "segmentops \(package) (\(commit))" }
        return "segmentops \(package)"
    }()

    /// Reads HEAD of the git checkout enclosing the executable, without running git.
    static func gitCommit() -> String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<8 {
            let head = dir.appendingPathComponent(".git/HEAD")
            if let text = try? String(contentsOf: head, encoding: .utf8) {
                let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.hasPrefix("ref: ") {
                    let ref = dir.appendingPathComponent(".git/" + line.dropFirst(5))
                    if let sha = try? String(contentsOf: ref, encoding: .utf8) { return String(sha.prefix(12)) }
                    return packedRef(dir: dir, name: String(line.dropFirst(5)))
                }
                return String(line.prefix(12))
            }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    static func packedRef(dir: URL, name: String) -> String? {
        guard let text = try? String(contentsOf: dir.appendingPathComponent(".git/packed-refs"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasSuffix(" " + name) {
            return String(line.prefix(12))
        }
        return nil
    }
}

import Foundation
import Yams

/// Reads one YAML mapping of the configuration, remembering which keys were used so that `finish()` can reject
/// the unknown ones by name. Every accessor takes a default: a missing key is never an error.
public final class YAMLMapping {
    public let file: String
    public let path: String
    private let pairs: [(key: String, value: Node, line: Int?)]
    private var used = Set<String>()
    private var allowed = [String]()

    public init(_ node: Node?, file: String, path: String) throws {
        self.file = file
        self.path = path
        guard let node else {
            pairs = []
            return
        }
        guard case .mapping(let mapping) = node else {
            if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" {
                pairs = []
                return
            }
            throw ConfigError(file: file, line: node.mark?.line, key: path, reason: "expected a mapping of keys")
        }
        var pairs = [(key: String, value: Node, line: Int?)]()
        var seen = Set<String>()
        for (k, v) in mapping {
            guard let key = k.string else {
                throw ConfigError(file: file, line: k.mark?.line, key: path, reason: "keys must be plain strings")
            }
            guard seen.insert(key).inserted else {
                throw ConfigError(file: file, line: k.mark?.line, key: path.isEmpty ? key : "\(path).\(key)",
                                  reason: "key appears twice")
            }
            pairs.append((key, v, k.mark?.line))
        }
        self.pairs = pairs
    }

    public func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw node under `key`, marking the key as known.
    public func node(_ key: String) -> Node? {
        allowed.append(key)
        used.insert(key)
        guard let value = pairs.first(where: { $0.key == key })?.value else { return nil }
        if case .scalar(let s) = value, s.string == "~" || s.string == "null" || (s.string.isEmpty && s.style == .plain) {
            return nil
        }
        return value
    }

    public func error(_ key: String, _ node: Node?, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line ?? pairs.first { $0.key == key }?.line, key: qualified(key),
                    reason: reason)
    }

    /// Rejects every key that no accessor asked for.
    public func finish() throws {
        for pair in pairs where !used.contains(pair.key) {
            throw ConfigError(file: file, line: pair.line, key: qualified(pair.key),
                              reason: "unknown key; known keys here are \(allowed.joined(separator: ", "))")
        }
    }

    // MARK: - Typed accessors

    public func string(_ key: String, default value: String) throws -> String {
        guard let node = node(key) else { return value }
        guard case .scalar(let s) = node else { throw error(key, node, "expected a string") }
        return s.string
    }

    public func optionalString(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let s) = node else { throw error(key, node, "expected a string") }
        return s.string
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let node = node(key) else { return value }
        guard let b = node.bool else { throw error(key, node, "expected true or false, got '\(node.string ?? "…")'") }
        return b
    }

    public func double(_ key: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let node = node(key) else { return value }
        guard let d = node.float ?? node.int.map(Double.init), d.isFinite else {
            throw error(key, node, "expected a number, got '\(node.string ?? "…")'")
        }
        guard range.contains(d) else {
            throw error(key, node, "\(d) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
        }
        return d
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let node = node(key) else { return value }
        guard let i = node.int else { throw error(key, node, "expected a whole number, got '\(node.string ?? "…")'") }
        guard range.contains(i) else {
            throw error(key, node, "\(i) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
        }
        return i
    }

    /// A duration such as `90s`, `15m`, `4h`, `2d` (or a plain number of seconds), in seconds.
    public func duration(_ key: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let node = node(key) else { return value }
        guard let text = node.string, let seconds = DurationText.parseSeconds(text) else {
            throw error(key, node, "expected a duration like 30s, 15m, 4h or 2d, got '\(node.string ?? "…")'")
        }
        guard range.contains(seconds) else {
            throw error(key, node, "\(text) is out of range; expected \(DurationText.format(range.lowerBound)) to \(DurationText.format(range.upperBound))")
        }
        return seconds
    }

    /// A size such as `64MiB`, `512KiB`, `1GiB` (or a plain number of bytes), in bytes.
    public func size(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let node = node(key) else { return value }
        guard let text = node.string, let bytes = SizeText.parseBytes(text) else {
            throw error(key, node, "expected a size like 512KiB, 64MiB or 1GiB, got '\(node.string ?? "…")'")
        }
        guard range.contains(bytes) else {
            throw error(key, node, "\(text) is out of range; expected \(SizeText.format(range.lowerBound)) to \(SizeText.format(range.upperBound))")
        }
        return bytes
    }

    public func strings(_ key: String, default value: [String]) throws -> [String] {
        guard let node = node(key) else { return value }
        guard case .sequence(let seq) = node else { throw error(key, node, "expected a list") }
        return try seq.map { item in
            guard case .scalar(let s) = item, !s.string.isEmpty else { throw error(key, item, "expected a non-empty string in the list") }
            return s.string
        }
    }

    public func mapping(_ key: String) throws -> YAMLMapping {
        try YAMLMapping(node(key), file: file, path: qualified(key))
    }

    public func sequence(_ key: String) throws -> [Node]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let seq) = node else { throw error(key, node, "expected a list") }
        return Array(seq)
    }

    /// Every key of this mapping, in file order (for tables of scalars keyed by name).
    public func keys() -> [String] { pairs.map(\.key) }

    /// Every key of this mapping with its own sub-mapping (for tables keyed by name, such as per-feature bands).
    public func entries() throws -> [(String, YAMLMapping)] {
        try pairs.map { pair in
            used.insert(pair.key)
            return (pair.key, try YAMLMapping(pair.value, file: file, path: qualified(pair.key)))
        }
    }
}

/// Parses and prints durations as written in configuration.
public enum DurationText {
    public static func parseSeconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let unit = t.last else { return nil }
        let multipliers: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let m = multipliers[unit], let v = Double(t.dropLast()), v.isFinite, v >= 0 { return v * m }
        if let v = Double(t), v.isFinite, v >= 0 { return v }
        return nil
    }

    public static func format(_ seconds: Double) -> String {
        if seconds >= 86400, seconds.truncatingRemainder(dividingBy: 86400) == 0 { return "\(Int(seconds / 86400))d" }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

/// Parses and prints byte sizes as written in configuration (binary units).
public enum SizeText {
    static let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1)]

    public static func parseBytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, multiplier) in units where t.hasSuffix(suffix) {
            guard let v = Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v >= 0,
                  v <= Int.max / multiplier else { return nil }
            return v * multiplier
        }
        guard let v = Int(t), v >= 0 else { return nil }
        return v
    }

    public static func format(_ bytes: Int) -> String {
        for (suffix, multiplier) in units where bytes >= multiplier && bytes % multiplier == 0 { return "\(bytes / multiplier)\(suffix)" }
        return "\(bytes)B"
    }
}

import Foundation

/// `{{name}}` placeholders in rule summaries and descriptions, filled from labels and figures.
public enum Template {
    /// The placeholder names in `text`, in order; nil if a `{{` is never closed.
    public static func placeholders(_ text: String) -> [String]? {
        var names = [String]()
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// Replaces each placeholder with its value (unknown ones become `?`).
    public static func render(_ text: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? "?"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

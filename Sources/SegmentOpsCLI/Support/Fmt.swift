import Foundation

/// Number formatting for text output.
enum Fmt {
    static func f(_ v: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", v) }
    static func pct(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f%%", v * 100) }
    static func v(_ version: Int?) -> String { version.map { "v\($0)" } ?? "none" }
    static func signed(_ v: Double, _ digits: Int = 4) -> String { String(format: "%+.\(digits)f", v) }
}

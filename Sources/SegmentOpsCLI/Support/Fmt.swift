import Foundation

/// Number formatting for text output.
enum Fmt {
    static func f(_ v: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", v) }
    static func pct(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f%%", v * 100) }
    static func v(_ version: Int?) -> String { version.map { "v\($0)" } ?? "none" }
    static func signed(_ v: Double, _ digits: Int = 4) -> String { String(format: "%+.\(digits)f", v) }
    /// Bytes in KB, MB or GB (powers of 1000).
    static func bytes(_ n: Int) -> String {
        switch Double(n) {
        case ..<1e3: "\(n) B"
        case ..<1e6: String(format: "%.1f kB", Double(n) / 1e3)
        case ..<1e9: String(format: "%.1f MB", Double(n) / 1e6)
        default: String(format: "%.2f GB", Double(n) / 1e9)
        }
    }
}

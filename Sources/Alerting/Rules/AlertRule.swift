import Foundation

/// One alert rule, as written in a file of `Alerts/`.
public struct AlertRule: Sendable, Equatable {
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case info, warning, critical
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// When a signal makes the rule's condition hold.
    public enum Condition: Sendable, Equatable {
        /// `threshold: {op: ">=", value: 0.25}` on the signal's value.
        case threshold(op: String, value: Double)
        /// `band: critical`: the signal's PSI band is at least this.
        case band(String)
        /// `active: true`: the source's own verdict (significant decay, tripped guardrail, an event, stale data…).
        case active

        public var text: String {
            switch self {
            case .threshold(let op, let value): "value \(op) \(value)"
            case .band(let band): "band ≥ \(band)"
            case .active: "active"
            }
        }
    }

    public let file: String
    public let name: String
    public let source: String
    public let condition: Condition
    public let severity: Severity
    /// Consecutive evaluations the condition must hold before firing.
    public let forEvaluations: Int
    /// Seconds the alert stays firing after the condition stops holding.
    public let keepFiringFor: Double
    /// Overrides the severity's repeat interval (seconds).
    public let repeatInterval: Double?
    /// Event types that end an event alert.
    public let clearedBy: [String]
    public let labels: [String: String]
    public let summary: String
    public let description: String
    /// Path of the runbook, relative to the project root (e.g. `Runbooks/FeaturePSIHigh.md`).
    public let runbook: String
}

/// Where a PSI figure falls: below `warning` ok, below `critical` warning, else critical.
public enum PSIBand: String, Sendable, Codable, Comparable, CaseIterable {
    case ok, warning, critical

    public static func < (lhs: PSIBand, rhs: PSIBand) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        }
    }
}

/// The two PSI thresholds; overridable per feature in configuration.
public struct PSIThresholds: Sendable, Equatable, Codable {
    public var warning: Double
    public var critical: Double

    public static let standard = PSIThresholds(warning: 0.1, critical: 0.25)

    public init(warning: Double, critical: Double) {
        self.warning = warning
        self.critical = critical
    }

    public func band(_ psi: Double) -> PSIBand {
        psi >= critical ? .critical : psi >= warning ? .warning : .ok
    }
}

import SegmentModel

/// One reading of a source at evaluation time, which rules turn into alert conditions.
public struct Signal: Sendable, Equatable {
    public let source: String
    public let labels: [String: String]
    public let value: Double?
    public let band: PSIBand?
    /// The source's own verdict (significant decay, tripped guardrail, event, stale data…).
    public let active: Bool
    /// False when the monitor had too little data to say: the alert's state is left as it is.
    public let known: Bool
    public let figures: [String: String]

    public init(source: String, labels: [String: String] = [:], value: Double? = nil, band: PSIBand? = nil,
                active: Bool, known: Bool = true, figures: [String: String] = [:]) {
        self.source = source
        self.labels = labels
        self.value = value
        self.band = band
        self.active = active
        self.known = known
        self.figures = figures
    }

    /// Whether `condition` holds for this signal (nil when unknown).
    public func holds(_ condition: AlertRule.Condition) -> Bool? {
        guard known else { return nil }
        switch condition {
        case .active:
            return active
        case .band(let level):
            guard let band, let wanted = PSIBand(rawValue: level) else { return false }
            return band >= wanted
        case .threshold(let op, let threshold):
            guard let value else { return false }
            switch op {
            case ">": return value > threshold
            case ">=": return value >= threshold
            case "<": return value < threshold
            case "<=": return value <= threshold
            default: return value == threshold
            }
        }
    }
}

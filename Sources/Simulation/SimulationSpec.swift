import SegmentModel
/// Parameters of one simulated data set.
public struct SimulationSpec: Sendable, Equatable {
    public var scenario: Scenario
    public var customers: Int
    public var days: Int
    public var seed: UInt64
    public var start: Day
    /// The first day the scenario's change is in effect; defaults to 60% into the period.
    public var changeDay: Day
    /// Share of rows that carry a label.
    public var labelledShare: Double = 0.7
    /// Share of labelled rows whose label is wrong.
    public var labelNoise: Double = 0.03
    /// Days between an observation and its label becoming known (uniform in the range), written as `labelled_on`;
    /// nil: labels are known on the day.
    public var labelDelay: ClosedRange<Int>?
    /// Group `group_b` (12% of customers, drawn independently of behaviour) has lower credit scores and shorter
    /// tenure at equal behaviour: a proxy a model can learn the group from. Without it the groups are neutral.
    public var proxy = false

    public init(scenario: Scenario, customers: Int, days: Int, seed: UInt64, start: Day, changeDay: Day? = nil) {
        self.scenario = scenario
        self.customers = customers
        self.days = days
        self.seed = seed
        self.start = start
        self.changeDay = changeDay ?? start + (days * 3) / 5
    }

    public var end: Day { start + (days - 1) }

    public enum Invalid: Error, CustomStringConvertible {
        case customers(Int), days(Int), shares, labelDelay
        public var description: String {
            switch self {
            case .customers(let n): "--customers must be between 1 and 10000000 (got \(n))"
            case .days(let n): "--days must be between 1 and 3660 (got \(n))"
            case .shares: "labelled share and label noise must be between 0 and 1"
            case .labelDelay: "--label-delay must be MIN-MAX days with 0 ≤ MIN ≤ MAX ≤ 365, e.g. 7-21"
            }
        }
    }

    public func validate() throws {
        guard (1...10_000_000).contains(customers) else { throw Invalid.customers(customers) }
        guard (1...3660).contains(days) else { throw Invalid.days(days) }
        guard (0...1).contains(labelledShare), (0...1).contains(labelNoise) else { throw Invalid.shares }
        if let labelDelay, labelDelay.lowerBound < 0 || labelDelay.upperBound > 365 { throw Invalid.labelDelay }
    }
}

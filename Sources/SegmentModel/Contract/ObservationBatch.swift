/// Observations in columns, as parsed from one file and stored in one transaction.
public struct ObservationBatch: Sendable, Equatable {
    public let featureCount: Int
    public private(set) var customerIDs: [String] = []
    public private(set) var days: [Day] = []
    /// Row-major `count × featureCount`.
    public private(set) var features: [Double] = []
    /// Segment index per row, `LabelledData.unlabelled` when unknown.
    public private(set) var labels: [Int32] = []
    /// The day each row's label became known (`Day.index`), or `ObservationBatch.onAsOf` for "on as_of" (and for
    /// rows without a label).
    public private(set) var labelDays: [Int32] = []
    /// The 1-based source line of each row, for error messages.
    public private(set) var lines: [Int] = []

    public static let onAsOf = Int32.min

    public init(featureCount: Int) { self.featureCount = featureCount }

    public var count: Int { customerIDs.count }
    public var isEmpty: Bool { customerIDs.isEmpty }

    public mutating func append(customerID: String, day: Day, features row: some Collection<Double>, label: Int32,
                                labelledOn: Day? = nil, line: Int) {
        precondition(row.count == featureCount)
        customerIDs.append(customerID)
        days.append(day)
        features.append(contentsOf: row)
        labels.append(label)
        labelDays.append(labelledOn.map { Int32($0.index) } ?? ObservationBatch.onAsOf)
        lines.append(line)
    }

    public mutating func append(_ observation: Observation, line: Int = 0) {
        append(customerID: observation.customerID, day: observation.asOf, features: observation.features,
               label: observation.label ?? LabelledData.unlabelled, labelledOn: observation.labelledOn, line: line)
    }

    /// The day row `index`'s label became known, when a `labelled_on` was given.
    public func labelledOn(_ index: Int) -> Day? {
        labelDays[index] == ObservationBatch.onAsOf ? nil : Day(index: Int(labelDays[index]))
    }

    /// Whether any row names a `labelled_on` day.
    public var hasLabelDays: Bool { labelDays.contains { $0 != ObservationBatch.onAsOf } }

    public func row(_ index: Int) -> ArraySlice<Double> {
        features[(index * featureCount)..<((index + 1) * featureCount)]
    }

    public func observation(_ index: Int) -> Observation {
        Observation(customerID: customerIDs[index], asOf: days[index], features: Array(row(index)),
                    label: labels[index] == LabelledData.unlabelled ? nil : labels[index], labelledOn: labelledOn(index))
    }

    public mutating func reserve(_ rows: Int) {
        customerIDs.reserveCapacity(rows)
        days.reserveCapacity(rows)
        features.reserveCapacity(rows * featureCount)
        labels.reserveCapacity(rows)
        labelDays.reserveCapacity(rows)
        lines.reserveCapacity(rows)
    }
}

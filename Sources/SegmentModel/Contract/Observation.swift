/// One row of the data contract: a customer's behavioural features on a day, and the segment when known.
public struct Observation: Sendable, Equatable {
    public let customerID: String
    public let asOf: Day
    /// Values in the schema's feature order.
    public let features: [Double]
    /// Segment index, or nil while the label is not known yet.
    public let label: Int32?
    /// The day the label became known; nil means on `asOf` (or no label).
    public let labelledOn: Day?

    public init(customerID: String, asOf: Day, features: [Double], label: Int32?, labelledOn: Day? = nil) {
        self.customerID = customerID
        self.asOf = asOf
        self.features = features
        self.label = label
        self.labelledOn = labelledOn
    }

    /// The day the label is known (nil without a label).
    public var labelKnownOn: Day? { label == nil ? nil : (labelledOn ?? asOf) }
}

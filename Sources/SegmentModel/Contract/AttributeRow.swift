/// One row of a protected-attribute file: a customer's membership of one group of one attribute, exact (no
/// probability) or estimated (a probability per group, e.g. BISG).
public struct AttributeRow: Sendable, Equatable {
    public let customerID: String
    public let attribute: String
    public let value: String
    public let probability: Double?
    public let source: String?
    public let vintage: Day?
    /// 1-based line in the file.
    public let line: Int

    public init(customerID: String, attribute: String, value: String, probability: Double?, source: String?,
                vintage: Day?, line: Int) {
        self.customerID = customerID
        self.attribute = attribute
        self.value = value
        self.probability = probability
        self.source = source
        self.vintage = vintage
        self.line = line
    }
}

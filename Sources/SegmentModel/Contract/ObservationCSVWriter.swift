/// Writes observations in the data contract: the header, then one line per row, features in schema order.
public struct ObservationCSVWriter: Sendable {
    public let schema: SegmentSchema
    /// Writes the optional `labelled_on` column.
    public let labelDays: Bool

    public init(schema: SegmentSchema, labelDays: Bool = false) {
        self.schema = schema
        self.labelDays = labelDays
    }

    public var header: String {
        (["customer_id", "as_of"] + schema.features + ["segment"] + (labelDays ? ["labelled_on"] : []))
            .joined(separator: ",") + "\n"
    }

    public func line(_ observation: Observation) -> String {
        var out = ObservationCSVWriter.quoted(observation.customerID)
        out += ","
        out += observation.asOf.description
        for value in observation.features {
            out += ","
            out += ObservationCSVWriter.format(value)
        }
        out += ","
        if let label = observation.label { out += schema.segments[Int(label)] }
        if labelDays {
            out += ","
            if let day = observation.labelledOn { out += day.description }
        }
        out += "\n"
        return out
    }

    /// Integers without a decimal point; other values in Swift's shortest round-trip form.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

import Foundation

/// Reads a JSON feature map — `{"customer_id"?: "…", "<feature>": number, …}` — into a row in feature order.
/// Every feature must be present and a finite number; unknown keys are refused (a typo is not a missing feature).
/// `as_of` and `segment` are accepted and ignored, so rows of the data contract can be scored as they are.
public struct FeatureMapReader: Sendable {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public let features: [String]
    private let known: Set<String>
    let names: Names
    static let ignored: Set<String> = ["customer_id", "as_of", "segment"]

    public init(features: [String]) {
        self.features = features
        known = Set(features)
        names = Names(features: features.map { Array($0.utf8) })
    }

    public func read(_ data: Data) -> Result<(customerID: String?, row: [Double]), Problem> {
        guard let value = try? JSONValue(parsing: data) else {
            return .failure(Problem(message: "not valid JSON"))
        }
        return read(value)
    }

    public func read(_ value: JSONValue) -> Result<(customerID: String?, row: [Double]), Problem> {
        guard var object = value.objectValue else { return .failure(Problem(message: "expected a JSON object of features")) }
        if let nested = object["features"]?.objectValue {
            object = nested.merging(object.filter { $0.key != "features" }) { a, _ in a }
        }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) && !FeatureMapReader.ignored.contains($0) }) {
            return .failure(Problem(message: "unknown feature '\(unknown)'"))
        }
        var row = [Double]()
        row.reserveCapacity(features.count)
        for feature in features {
            guard let v = object[feature], v != .null else { return .failure(Problem(message: "missing feature '\(feature)'")) }
            guard let number = v.doubleValue else { return .failure(Problem(message: "feature '\(feature)' is not a number")) }
            guard number.isFinite else { return .failure(Problem(message: "feature '\(feature)' is not a finite number")) }
            row.append(number)
        }
        var customerID: String?
        if let id = object["customer_id"], id != .null {
            guard let s = id.stringValue else { return .failure(Problem(message: "customer_id must be a string")) }
            customerID = s
        }
        return .success((customerID, row))
    }
}

/// One way a row breaks the data contract, located precisely enough to fix the file.
public struct ContractViolation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based line in the file; 0 for problems with the file as a whole.
    public let line: Int
    /// The column (header name) at fault, when there is one.
    public let column: String?
    public let reason: String

    public init(file: String, line: Int, column: String?, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if let column { location += " column '\(column)'" }
        return "\(location): \(reason)"
    }
}

/// Collects violations, keeping the first `limit` in full and counting the rest.
public struct ViolationLog: Sendable, Equatable {
    public let limit: Int
    public private(set) var first: [ContractViolation] = []
    public private(set) var total = 0

    public init(limit: Int = 20) { self.limit = limit }

    public var isEmpty: Bool { total == 0 }

    public mutating func record(_ violation: ContractViolation) {
        total += 1
        if first.count < limit { first.append(violation) }
    }

    /// The report printed to the user: the first violations, then how many more there were.
    public var report: String {
        var lines = first.map(\.description)
        if total > first.count { lines.append("… and \(total - first.count) more problems") }
        return lines.joined(separator: "\n")
    }
}

import Foundation

/// Reads protected-attribute CSV and reports every violation with file, line, column and reason — without ever
/// quoting an attribute value (protected data must not reach a log or a terminal scroll-back).
///
/// Contract: a header naming `customer_id`, `attribute`, `value` and optionally `probability`, `source`, `vintage`.
/// `attribute` is a lower-case name that is not a model feature; `value` is the group; `probability` is empty
/// (exact membership: one row per customer and attribute) or a number in [0, 1] given on every row of that customer
/// and attribute, summing to 1 (± 0.01); `vintage` is empty or `YYYY-MM-DD`. The key is
/// (`customer_id`, `attribute`, `value`).
public struct AttributeCSVParser: Sendable {
    public struct Result: Sendable {
        public var rows: [AttributeRow]
        public var violations: ViolationLog
    }

    public let schema: SegmentSchema
    public let maxReported: Int
    public static let maxValueBytes = 64
    public static let sumTolerance = 0.01
    static let columns = ["customer_id", "attribute", "value", "probability", "source", "vintage"]

    public init(schema: SegmentSchema, maxReported: Int = 20) {
        self.schema = schema
        self.maxReported = maxReported
    }

    public func parse(_ bytes: [UInt8], file: String) -> Result {
        var log = ViolationLog(limit: maxReported)
        var rows = [AttributeRow]()
        func violation(_ line: Int, _ column: String?, _ reason: String) {
            log.record(ContractViolation(file: file, line: line, column: column, reason: reason))
        }
        var reader = CSVRecordReader(bytes)
        var fields = [ArraySlice<UInt8>]()
        guard let header = readHeader(&reader, &fields, violation) else { return Result(rows: [], violations: log) }
        var seen = [String: Int]()  // "customer\u{0}attribute\u{0}value" → line
        while let line = reader.nextRecord(into: &fields, { l, _, reason in violation(l, nil, reason) }) {
            guard fields.count == header.count else {
                violation(line, nil, "expected \(header.count) fields as in the header, found \(fields.count)")
                continue
            }
            guard let row = parseRow(fields, header: header, line: line, violation) else { continue }
            let key = row.customerID + "\u{0}" + row.attribute + "\u{0}" + row.value
            if let first = seen[key] {
                violation(line, "value", "duplicate key: customer \(row.customerID), attribute \(row.attribute) and this value already appear on line \(first)")
                continue
            }
            seen[key] = line
            rows.append(row)
        }
        checkMemberships(rows, violation)
        return Result(rows: log.isEmpty ? rows : [], violations: log)
    }
}

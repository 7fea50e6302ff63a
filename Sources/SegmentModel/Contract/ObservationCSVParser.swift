import Foundation

/// Reads observation CSV in the data contract and reports every violation with file, line, column and reason.
///
/// Contract: UTF-8, comma separated, a header row naming `customer_id`, `as_of`, every feature of the schema and
/// `segment`, in any order, and optionally `labelled_on`. `as_of` is `YYYY-MM-DD`; features are finite decimal
/// numbers; `segment` is one of the schema's segments or empty; `labelled_on` (the day the label became known) is
/// empty or a date on or after `as_of`, given only with a segment. `(customer_id, as_of)` is the key: repeated with identical content it is kept once,
/// repeated with different content it is an error.
public struct ObservationCSVParser: Sendable {
    public struct Result: Sendable {
        public var batch: ObservationBatch
        public var violations: ViolationLog
        /// Rows repeated verbatim within the file and kept once.
        public var duplicateRows: Int
    }

    public let schema: SegmentSchema
    public let maxReported: Int

    public init(schema: SegmentSchema, maxReported: Int = 20) {
        self.schema = schema
        self.maxReported = maxReported
    }

    public static let maxCustomerIDLength = CustomerIDRule.maxBytes

    /// Parses a whole file. `progress` is called now and then with the bytes read so far.
    public func parse(_ bytes: [UInt8], file: String, progress: ((Int) -> Void)? = nil) -> Result {
        var log = ViolationLog(limit: maxReported)
        var batch = ObservationBatch(featureCount: schema.features.count)
        var reader = CSVRecordReader(bytes)
        var fields = [ArraySlice<UInt8>]()

        func violation(_ line: Int, _ column: String?, _ reason: String) {
            log.record(ContractViolation(file: file, line: line, column: column, reason: reason))
        }

        // Header.
        let header: ColumnMap
        do {
            guard (try reader.next(into: &fields)) != nil else {
                violation(0, nil, "the file is empty; the header row is required")
                return Result(batch: batch, violations: log, duplicateRows: 0)
            }
            switch ColumnMap.make(fields, schema: schema) {
            case .success(let map): header = map
            case .failure(let list):
                for p in list.problems { violation(1, p.column, p.reason) }
                return Result(batch: batch, violations: log, duplicateRows: 0)
            }
        } catch {
            violation(1, nil, "the header row is not valid CSV (\(error))")
            return Result(batch: batch, violations: log, duplicateRows: 0)
        }

        batch.reserve(bytes.count / 90)
        var featureRow = [Double](repeating: 0, count: schema.features.count)
        var seen = [RowKey: Int]()
        var duplicates = 0
        var rowsSinceProgress = 0
        while let line = reader.nextRecord(into: &fields, { l, f, reason in
            violation(l, f.flatMap { $0 - 1 < header.names.count ? header.names[$0 - 1] : nil }, reason)
        }) {
            rowsSinceProgress += 1
            if rowsSinceProgress == 65_536, let progress {
                rowsSinceProgress = 0
                progress(reader.offset)
            }
            guard fields.count == header.names.count else {
                violation(line, nil, "expected \(header.names.count) fields as in the header, found \(fields.count)")
                continue
            }
            var ok = true
            let idField = fields[header.customerID]
            if let problem = CustomerIDRule.problem(idField) {
                violation(line, "customer_id", problem); ok = false
            }
            let customerID = ok ? String(decoding: idField, as: UTF8.self) : nil
            let day = Day.parse(fields[header.asOf])
            if day == nil {
                violation(line, "as_of", "'\(ObservationCSVParser.show(fields[header.asOf]))' is not a date YYYY-MM-DD")
                ok = false
            }
            for (j, column) in header.features.enumerated() {
                switch DecimalParser.parse(fields[column]) {
                case .success(let v): featureRow[j] = v
                case .failure(let reason):
                    violation(line, schema.features[j], reason.message(ObservationCSVParser.show(fields[column])))
                    ok = false
                }
            }
            var label = LabelledData.unlabelled
            let segmentField = fields[header.segment]
            if !segmentField.isEmpty {
                if let index = schema.segments.firstIndex(where: { $0.utf8.elementsEqual(segmentField) }) {
                    label = Int32(index)
                } else {
                    violation(line, "segment", "unknown segment '\(ObservationCSVParser.show(segmentField))'; "
                              + "expected one of \(schema.segments.joined(separator: ", ")) or empty")
                    ok = false
                }
            }
            var labelledOn: Day?
            if let column = header.labelledOn, !fields[column].isEmpty {
                if let known = Day.parse(fields[column]) {
                    if label == LabelledData.unlabelled {
                        violation(line, "labelled_on", "labelled_on without a segment; leave it empty until the label is known")
                        ok = false
                    } else if let day, known < day {
                        violation(line, "labelled_on", "labelled_on \(known) is before as_of \(day); a label cannot be known before the observation")
                        ok = false
                    }
                    labelledOn = known
                } else {
                    violation(line, "labelled_on", "'\(ObservationCSVParser.show(fields[column]))' is not a date YYYY-MM-DD")
                    ok = false
                }
            }
            guard ok, let customerID, let day else { continue }
            let key = RowKey(customerID: Array(idField), day: day)
            if let first = seen[key] {
                if batch.row(first).elementsEqual(featureRow) && batch.labels[first] == label
                    && batch.labelledOn(first) == labelledOn {
                    duplicates += 1
                } else {
                    violation(line, nil, "key (\(customerID), \(day)) repeated with different "
                              + "\(batch.labels[first] != label ? "segment" : "features") than line \(batch.lines[first])")
                }
                continue
            }
            seen[key] = batch.count
            batch.append(customerID: customerID, day: day, features: featureRow, label: label, labelledOn: labelledOn,
                         line: line)
        }
        progress?(bytes.count)
        return Result(batch: batch, violations: log, duplicateRows: duplicates)
    }

    /// A field as quoted in a message: at most 40 bytes, with invisible characters (controls, a BOM) spelled out.
    static func show(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        var shown = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFEFF {
                shown += "\\u{\(CustomerIDRule.hex(v).dropFirst(2))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return bytes.count > 40 ? shown + "…" : shown
    }
}

/// A row's key, compared byte for byte (Swift strings compare by canonical equivalence).
struct RowKey: Hashable {
    let customerID: [UInt8]
    let day: Day
}

import Foundation

extension AttributeCSVParser {
    typealias Report = (Int, String?, String) -> Void

    /// Column name → index; nil (after reporting) when the header is wrong.
    func readHeader(_ reader: inout CSVRecordReader, _ fields: inout [ArraySlice<UInt8>], _ violation: Report) -> [String: Int]? {
        do {
            guard (try reader.next(into: &fields)) != nil else {
                violation(0, nil, "the file is empty; the header row is required")
                return nil
            }
        } catch {
            violation(1, nil, "the header row is not valid CSV (\(error))")
            return nil
        }
        var index = [String: Int]()
        var ok = true
        for (i, field) in fields.enumerated() {
            let name = String(decoding: field, as: UTF8.self).trimmingSpaces
            if index[name] != nil { violation(1, name, "column '\(name)' appears twice in the header"); ok = false }
            if !AttributeCSVParser.columns.contains(name) {
                violation(1, name, "unknown column '\(name)'; the columns are customer_id,attribute,value and optionally probability,source,vintage")
                ok = false
            }
            index[name] = i
        }
        for required in AttributeCSVParser.columns.prefix(3) where index[required] == nil {
            violation(1, required, "missing column '\(required)'")
            ok = false
        }
        return ok ? index : nil
    }

    func parseRow(_ fields: [ArraySlice<UInt8>], header: [String: Int], line: Int, _ violation: Report) -> AttributeRow? {
        var ok = true
        let id = fields[header["customer_id"]!]
        if let problem = CustomerIDRule.problem(id) { violation(line, "customer_id", problem); ok = false }
        let attribute = String(decoding: fields[header["attribute"]!], as: UTF8.self)
        if (try? /^[a-z][a-z0-9_]{0,62}$/.wholeMatch(in: attribute)) == nil {
            violation(line, "attribute", "'\(ObservationCSVParser.show(fields[header["attribute"]!]))' is not a valid attribute name (lower-case letters, digits and _, starting with a letter)")
            ok = false
        } else if schema.features.contains(attribute) {
            violation(line, "attribute", "'\(attribute)' is a model feature; a protected attribute is never a feature (rename the attribute, or drop the feature from the configuration)")
            ok = false
        }
        let valueField = fields[header["value"]!]
        if let problem = CustomerIDRule.problem(valueField, field: "value", limit: AttributeCSVParser.maxValueBytes, echo: false) {
            violation(line, "value", problem)
            ok = false
        }
        var probability: Double?
        if let column = header["probability"], !fields[column].isEmpty {
            switch DecimalParser.parse(fields[column]) {
            case .success(let p) where (0...1).contains(p): probability = p
            case .success: violation(line, "probability", "'\(ObservationCSVParser.show(fields[column]))' is outside 0…1"); ok = false
            case .failure(let reason): violation(line, "probability", reason.message(ObservationCSVParser.show(fields[column]))); ok = false
            }
        }
        var source: String?
        if let column = header["source"], !fields[column].isEmpty {
            if let problem = CustomerIDRule.problem(fields[column], field: "source", limit: 64) {
                violation(line, "source", problem); ok = false
            }
            source = String(decoding: fields[column], as: UTF8.self)
        }
        var vintage: Day?
        if let column = header["vintage"], !fields[column].isEmpty {
            vintage = Day.parse(fields[column])
            if vintage == nil {
                violation(line, "vintage", "'\(ObservationCSVParser.show(fields[column]))' is not a date YYYY-MM-DD"); ok = false
            }
        }
        guard ok else { return nil }
        return AttributeRow(customerID: String(decoding: id, as: UTF8.self), attribute: attribute,
                            value: String(decoding: valueField, as: UTF8.self), probability: probability,
                            source: source, vintage: vintage, line: line)
    }

    /// Each customer's rows of one attribute: one exact row, or probabilities on every row summing to 1.
    func checkMemberships(_ rows: [AttributeRow], _ violation: Report) {
        var groups = [String: [Int]]()
        var order = [String]()
        for (i, row) in rows.enumerated() {
            let key = row.customerID + "\u{0}" + row.attribute
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        for key in order {
            let members = groups[key]!.map { rows[$0] }
            let first = members[0]
            let lines = members.map { String($0.line) }.joined(separator: ", ")
            let withProbability = members.filter { $0.probability != nil }.count
            if withProbability == 0 {
                if members.count > 1 {
                    violation(members[1].line, "probability", "customer \(first.customerID) has \(members.count) values of \(first.attribute) without probabilities (lines \(lines)); give one value, or a probability on each")
                }
            } else if withProbability < members.count {
                violation(first.line, "probability", "customer \(first.customerID)'s \(first.attribute) rows mix rows with and without probability (lines \(lines)); give a probability on each")
            } else {
                let sum = members.reduce(0) { $0 + $1.probability! }
                if abs(sum - 1) > AttributeCSVParser.sumTolerance {
                    violation(first.line, "probability", "customer \(first.customerID)'s \(first.attribute) probabilities sum to \(String(format: "%.4g", sum)) (lines \(lines)); they must sum to 1 (± \(AttributeCSVParser.sumTolerance))")
                }
            }
        }
    }
}

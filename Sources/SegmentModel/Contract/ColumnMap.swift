/// Where each contract column sits in a file's header.
struct ColumnMap {
    struct Problem {
        let column: String?
        let reason: String
    }

    let names: [String]
    let customerID: Int
    let asOf: Int
    let segment: Int
    /// The optional `labelled_on` column: the day the label became known.
    let labelledOn: Int?
    /// Column index of each schema feature, in schema order.
    let features: [Int]

    static func make(_ header: [ArraySlice<UInt8>], schema: SegmentSchema) -> Swift.Result<ColumnMap, ProblemList> {
        let names = header.map { String(decoding: $0, as: UTF8.self).trimmingSpaces }
        var problems = [Problem]()
        var index = [String: Int]()
        for (i, name) in names.enumerated() {
            if index[name] != nil {
                problems.append(Problem(column: name, reason: "column '\(name)' appears twice in the header"))
            } else {
                index[name] = i
            }
        }
        let expected = ["customer_id", "as_of"] + schema.features + ["segment"]
        let missing = expected.filter { index[$0] == nil }
        for name in missing {
            problems.append(Problem(column: name, reason: "missing column '\(name)'"))
        }
        let known = Set(expected + ["labelled_on"])
        for name in names where !known.contains(name) {
            problems.append(Problem(column: name, reason: "unknown column '\(name)'; the contract's columns are "
                                    + expected.joined(separator: ",") + " and optionally labelled_on"))
        }
        guard problems.isEmpty else { return .failure(ProblemList(problems: problems)) }
        return .success(ColumnMap(names: names, customerID: index["customer_id"]!, asOf: index["as_of"]!,
                                  segment: index["segment"]!, labelledOn: index["labelled_on"],
                                  features: schema.features.map { index[$0]! }))
    }

    struct ProblemList: Error {
        let problems: [Problem]
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

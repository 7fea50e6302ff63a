import SegmentModel

/// Protected-group membership of simulated customers, independent of their behaviour: `group_a` (88%) or `group_b`
/// (12%, a minority), self-reported (`group`), and a noisy proxy-based estimate of it (`group_estimate`, probabilities as a BISG
/// estimate would give them).
extension Simulator {
    public static let groups = ["group_a", "group_b"]

    /// 0 for group_a, 1 for group_b; from a stream of its own, so behaviour does not depend on it.
    static func group(seed: UInt64, customer: Int) -> Int {
        var random = RandomSource(seed: seed ^ 0x4752_4F55_5053_0001, stream: UInt64(customer))
        return random.uniform() < 0.12 ? 1 : 0
    }

    /// One customer's attribute rows: `(attribute, value, probability or nil, source, vintage)`.
    public func attributes(customer i: Int) -> [(attribute: String, value: String, probability: Double?, source: String, vintage: String)] {
        let g = Simulator.group(seed: spec.seed, customer: i)
        var random = RandomSource(seed: spec.seed ^ 0x4253_4947_0000_0002, stream: UInt64(i))
        // The estimate leans the right way most of the time, as surname-and-geography estimates do.
        let pb = min(0.98, max(0.02, (g == 1 ? 0.75 : 0.05) + random.normal(sd: 0.1)))
        let rounded = (pb * 1000).rounded() / 1000
        return [
            ("group", Simulator.groups[g], nil, "self_reported", spec.start.description),
            ("group_estimate", "group_a", ((1 - rounded) * 1000).rounded() / 1000, "bisg", spec.start.description),
            ("group_estimate", "group_b", rounded, "bisg", spec.start.description),
        ]
    }

    /// Every customer's attribute rows, as `segmentops attributes ingest` would parse the file (lines from 2).
    public func attributeRows() -> [AttributeRow] {
        var rows = [AttributeRow]()
        rows.reserveCapacity(spec.customers * 3)
        for i in 0..<spec.customers {
            for a in attributes(customer: i) {
                rows.append(AttributeRow(customerID: customerID(i), attribute: a.attribute, value: a.value,
                                         probability: a.probability, source: a.source, vintage: Day(a.vintage),
                                         line: rows.count + 2))
            }
        }
        return rows
    }

    /// The customer id the simulator gives customer `i` (as in its observations).
    public func customerID(_ i: Int) -> String {
        let digits = String(i + 1)
        return "C" + String(repeating: "0", count: max(0, idWidth - digits.count)) + digits
    }
}

import Foundation

extension FeatureMapReader {
    /// The names' bytes, to match keys without building strings.
    struct Names: Sendable {
        let features: [[UInt8]]
        static let customerID = Array("customer_id".utf8)
        static let ignored = [Array("as_of".utf8), Array("segment".utf8)]
    }

    /// The common request read straight from its bytes: one flat object holding every feature once as a finite
    /// number, an optional `customer_id` string and the ignored keys, keys without escapes. Nil for anything else —
    /// then `read(_:)` on the parsed value gives the answer, with its message — so both paths accept the same
    /// requests and give the same rows; this one builds no dictionary and no string for a key.
    public func readFlat(_ raw: UnsafeRawBufferPointer) -> (customerID: String?, row: [Double])? {
        var parser = JSONParser(raw.bindMemory(to: UInt8.self))
        let bytes = parser.bytes, d = features.count
        var row = [Double](repeating: .nan, count: d)
        var seen = 0, expected = 0
        var customerID: String?, sawCustomerID = false
        parser.skipSpace()
        guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "{") else { return nil }
        parser.i += 1
        while true {
            parser.skipSpace()
            guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "\"") else { return nil }
            let start = parser.i + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
            let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
            parser.i = end + 1
            parser.skipSpace()
            guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: ":") else { return nil }
            parser.i += 1
            parser.skipSpace()
            // Keys usually come in schema order: try the next expected feature first.
            let slot = expected < d && key.elementsEqual(names.features[expected]) ? expected
                : names.features.firstIndex { key.elementsEqual($0) }
            if let slot {
                guard row[slot].isNaN, parser.i < bytes.count, bytes[parser.i] != UInt8(ascii: "n"),
                      let number = try? parser.number(), number.isFinite else { return nil }
                row[slot] = number
                seen += 1
                expected = slot + 1
            } else if key.elementsEqual(Names.customerID) {
                guard !sawCustomerID, parser.i < bytes.count else { return nil }
                sawCustomerID = true
                if bytes[parser.i] == UInt8(ascii: "\"") {
                    guard let id = try? parser.string() else { return nil }
                    customerID = id
                } else {
                    guard (try? parser.value()) == .null else { return nil }
                }
            } else if Names.ignored.contains(where: { key.elementsEqual($0) }) {
                guard (try? parser.value()) != nil else { return nil }
            } else {
                return nil
            }
            parser.skipSpace()
            guard parser.i < bytes.count else { return nil }
            if bytes[parser.i] == UInt8(ascii: ",") { parser.i += 1; continue }
            guard bytes[parser.i] == UInt8(ascii: "}") else { return nil }
            parser.i += 1
            break
        }
        parser.skipSpace()
        guard parser.i == bytes.count, seen == d else { return nil }
        return (customerID, row)
    }
}

import Foundation

/// A short vector of doubles as stored in a BLOB column: little-endian IEEE-754, in schema order (segment evidence,
/// a customer's newest probabilities).
enum DoubleBlob {
    static func encode(_ values: [Double]) -> Data {
        var data = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// `count` values; missing ones (a shorter blob) read as 0.
    static func decode(_ data: Data, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            for i in 0..<min(count, raw.count / 8) {
                out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
        }
        return out
    }
}

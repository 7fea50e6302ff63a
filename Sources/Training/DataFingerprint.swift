import Crypto
import Foundation
import SegmentModel
import SegmentStore

/// SHA-256 over the rows a version was trained and evaluated on, in key order: for each row the customer id's
/// UTF-8 bytes, a zero byte, the `as_of` day number (Int64, little-endian), each feature's IEEE-754 bits
/// (little-endian) and the label index (Int32, little-endian). Same rows, same fingerprint.
public enum DataFingerprint {
    public static func compute(_ batch: ObservationBatch) -> String {
        var hasher = SHA256()
        var buffer = [UInt8]()
        buffer.reserveCapacity(256)
        for i in 0..<batch.count {
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: batch.customerIDs[i].utf8)
            buffer.append(0)
            withUnsafeBytes(of: Int64(batch.days[i].index).littleEndian) { buffer.append(contentsOf: $0) }
            for v in batch.row(i) { withUnsafeBytes(of: v.bitPattern.littleEndian) { buffer.append(contentsOf: $0) } }
            withUnsafeBytes(of: batch.labels[i].littleEndian) { buffer.append(contentsOf: $0) }
            hasher.update(data: buffer)
        }
        return Array(hasher.finalize()).hexString
    }
}

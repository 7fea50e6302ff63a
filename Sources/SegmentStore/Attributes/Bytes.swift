import Foundation

/// Byte comparisons for hot loops over SQLite's text buffers (`memcmp`, not a generic element-by-element walk).
enum Bytes {
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return b.withUnsafeBufferPointer { memcmp(a.baseAddress!, $0.baseAddress!, a.count) == 0 }
    }
}

extension Bytes {
    /// Byte-order comparison (memcmp, then length), as SQLite's BINARY collation orders text.
    static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        let n = min(a.count, b.count)
        let c = n == 0 ? 0 : b.withUnsafeBufferPointer { memcmp(a.baseAddress!, $0.baseAddress!, n) }
        return c != 0 ? c < 0 : a.count < b.count
    }
}

import Foundation

/// Customer ids → dense indices 0, 1, 2… in first-seen order, keyed by their UTF-8 bytes: a million ids go in
/// straight from SQLite's buffers, without making a `String` of each or hashing it with SipHash. Open addressing
/// with linear probing over a power-of-two table, kept at most half full.
public struct CustomerIndex: Sendable {
    private var arena = [UInt8]()
    /// Key i is `arena[offsets[i]..<offsets[i + 1]]`.
    private var offsets = [0]
    /// Per slot: the hash's high 32 bits, then index + 1 (0: empty) — a probe rarely touches a key that is not its own.
    private var slots: [UInt64]
    public private(set) var count = 0

    public init(capacity: Int = 1024) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
    }

    /// The index of `key`, added when new.
    @discardableResult
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let h = CustomerIndex.hash(key)
        let (slot, found) = find(key, hash: h)
        if let found { return found }
        let index = count
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        slots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1)
        count += 1
        if 2 * count > slots.count { grow() }
        return index
    }

    /// The index of `key`, or nil.
    public func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        find(key, hash: CustomerIndex.hash(key)).index
    }

    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { index(of: $0) }
    }

    /// The slot holding `key` and its index, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, index: Int?) {
        let mask = slots.count - 1
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { table in
            arena.withUnsafeBufferPointer { bytes in
                while true {
                    let entry = table[slot]
                    if entry == 0 { return (slot, nil) }
                    if entry & 0xFFFF_FFFF_0000_0000 == tag {
                        let i = Int(entry & 0xFFFF_FFFF) - 1
                        let start = offsets[i], length = offsets[i + 1] - start
                        if length == key.count
                            && (length == 0 || memcmp(bytes.baseAddress! + start, key.baseAddress!, length) == 0) {
                            return (slot, i)
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            let i = Int(entry & 0xFFFF_FFFF) - 1
            let h = arena.withUnsafeBufferPointer {
                CustomerIndex.hash(UnsafeBufferPointer(rebasing: $0[offsets[i]..<offsets[i + 1]]))
            }
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    /// FNV-1a over the bytes, then a 64-bit finaliser so that the low and the high bits mix well.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd
        h = (h ^ (h >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }
}

/// Customer indices over key ranges indexed separately (scanned side by side): part p holds the customers from
/// `bounds[p - 1]` up to `bounds[p]` in SQLite's byte order, numbered after those of the parts before it.
public struct CustomerPartitions: Sendable {
    let parts: [CustomerIndex]
    let bounds: [[UInt8]]
    let offsets: [Int]
    public let count: Int

    init(parts: [CustomerIndex], bounds: [[UInt8]]) {
        precondition(parts.count == bounds.count + 1)
        self.parts = parts
        self.bounds = bounds
        offsets = parts.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        count = offsets.last!
    }

    /// The index of `key` over all parts, or nil.
    public func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        // The part is the number of bounds ≤ key (byte order, as SQLite's BINARY collation).
        var p = 0
        while p < bounds.count && !Bytes.less(key, bounds[p]) { p += 1 }
        return parts[p].index(of: key).map { offsets[p] + $0 }
    }

    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { index(of: $0) }
    }
}

/// A window's observations with each customer id as its raw UTF-8 bytes rather than a `String`: for joining a
/// million customers by key (the fairness audit) without a string and a SipHash per row.
public struct KeyedRows: Sendable {
    /// Every key's bytes, back to back; key i ends at `keyEnds[i]`.
    public var keyBytes = [UInt8]()
    public var keyEnds = [Int]()
    public var featureCount: Int
    /// Row-major, `featureCount` per row.
    public var features = [Double]()
    /// Segment index known by the load's day, or −1.
    public var labels = [Int32]()

    public var count: Int { labels.count }

    public init(featureCount: Int) { self.featureCount = featureCount }

    /// Calls `body` with row i's customer id bytes.
    public func withKey<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = i == 0 ? 0 : keyEnds[i - 1]
        return keyBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<keyEnds[i]])) }
    }

    /// Row i's customer id.
    public func customerID(_ i: Int) -> String { withKey(i) { String(decoding: $0, as: UTF8.self) } }

    /// Appends `other`'s rows after these.
    public mutating func append(_ other: KeyedRows) {
        let base = keyBytes.count
        keyBytes += other.keyBytes
        keyEnds += other.keyEnds.map { $0 + base }
        features += other.features
        labels += other.labels
    }
}

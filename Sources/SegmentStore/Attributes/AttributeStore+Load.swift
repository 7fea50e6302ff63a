import Foundation
import SegmentModel

extension AttributeStore {
    /// Whether any protected attribute is stored (the fairness gate runs only then).
    public func isEmpty() throws -> Bool {
        try backend.read { db in try db.value("SELECT 1 FROM protected_attribute LIMIT 1", as: Int.self) == nil }
    }

    /// The chained digest of the attribute files stored, or nil when none is.
    public func digest() throws -> String? {
        try backend.read { db in
            try db.value("SELECT digest FROM attribute_batch ORDER BY id DESC LIMIT 1")
        }
    }

    /// Reads every attribute, in `parts` key ranges of about equal size scanned side by side on the pool's reader
    /// connections, into one index of customers and a weight matrix per attribute.
    public func load(parts: Int = 2) throws -> StoredAttributes {
        let (bounds, digest) = try backend.read { db -> ([[UInt8]], String?) in
            let total = try db.value("SELECT COUNT(*) FROM protected_attribute", as: Int.self) ?? 0
            var bounds = [[UInt8]]()
            if total >= 100_000 {
                for p in 1..<max(1, parts) {
                    let key: String? = try db.value("""
                        SELECT customer_id FROM protected_attribute ORDER BY customer_id, attribute, value LIMIT 1 OFFSET ?
                        """, [total * p / parts])
                    if let key, bounds.last.map({ !$0.elementsEqual(key.utf8) }) ?? true { bounds.append(Array(key.utf8)) }
                }
            }
            return (bounds, try db.value("SELECT digest FROM attribute_batch ORDER BY id DESC LIMIT 1"))
        }
        let pairs = try backend.read { db in try AttributeSources.all(db) }
        let ranges = (0...bounds.count).map { i in (i == 0 ? nil : bounds[i - 1], i == bounds.count ? nil : bounds[i]) }
        let slots = ResultSlots<Result<AttributeScan, any Error>>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            slots.set(i, Result { try backend.read { db in try AttributeScan.run(db, from: ranges[i].0, to: ranges[i].1) } })
        }
        let scans = try ranges.indices.map { try slots.get($0)!.get() }
        let customers = CustomerPartitions(parts: scans.map(\.customers), bounds: bounds)
        let names = Set(scans.flatMap(\.attributes.keys)).sorted()
        let attributes = names.map { name -> StoredAttributes.Attribute in
            let parts = scans.map { $0.attributes[name] }
            let ids = parts.reduce(into: Set<Int64>()) { $0.formUnion($1?.sourceIDs ?? []) }
            let groups = Set(parts.flatMap { $0?.groups.keys.map { $0 } ?? [] }).sorted()
            let k = groups.count
            var weights = [Double](repeating: 0, count: customers.count * k)
            var offset = 0
            for (scan, part) in zip(scans, parts) {
                defer { offset += scan.customers.count }
                guard let part else { continue }
                var position = [Int](repeating: 0, count: part.groups.count)
                for (group, g) in part.groups { position[g] = groups.firstIndex(of: group)! }
                for e in part.entries { weights[(offset + e.customer) * k + position[e.group]] = e.weight }
            }
            return StoredAttributes.Attribute(
                name: name, groups: groups, weights: weights, probabilistic: parts.contains { $0?.probabilistic == true },
                sources: Set(ids.compactMap { pairs[$0]?.source }).sorted(),
                vintages: Set(ids.compactMap { pairs[$0]?.vintage }).sorted())
        }
        return StoredAttributes(customers: customers, attributes: attributes, digest: digest)
    }
}

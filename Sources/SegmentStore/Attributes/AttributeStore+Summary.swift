import Foundation

/// What is stored, without values: per attribute the customers covered, how many groups, exact or probabilities,
/// sources and vintages; and the files.
public struct AttributeSummary: Sendable, Equatable, Codable {
    public struct Attribute: Sendable, Equatable, Codable {
        public let name: String
        public let customers: Int
        public let groups: Int
        public let probabilistic: Bool
        public let sources: [String]
        public let vintages: [String]
    }

    public let attributes: [Attribute]
    public let files: Int
    public let lastIngestedAt: String?
    public let digest: String?

    enum CodingKeys: String, CodingKey {
        case attributes, files, digest
        case lastIngestedAt = "last_ingested_at"
    }
}

extension AttributeStore {
    public func summary() throws -> AttributeSummary {
        try backend.read { db in
            let aggregate = db.dialect == .postgres ? "CAST(json_agg(DISTINCT %@) AS TEXT)" : "json_group_array(DISTINCT %@)"
            let rows = try db.rows("""
                SELECT attribute, COUNT(DISTINCT customer_id), COUNT(DISTINCT value),
                       MAX(CASE WHEN probability IS NOT NULL THEN 1 ELSE 0 END),
                       \(aggregate.replacingOccurrences(of: "%@", with: "source")), \(aggregate.replacingOccurrences(of: "%@", with: "vintage"))
                FROM protected_attribute JOIN attribute_source ON attribute_source.id = source_id
                GROUP BY attribute ORDER BY attribute
                """)
            let batches = try db.row("SELECT COUNT(*), MAX(ingested_at) FROM attribute_batch")
            let digest: String? = try db.value("SELECT digest FROM attribute_batch ORDER BY id DESC LIMIT 1")
            func list(_ text: String?) -> [String] {
                let values = (try? JSONDecoder().decode([String?].self, from: Data((text ?? "[]").utf8))) ?? []
                return values.compactMap { $0 }.sorted()
            }
            return AttributeSummary(
                attributes: rows.map { r in
                    .init(name: r[0], customers: r[1], groups: r[2], probabilistic: (r[3] as Int? ?? 0) == 1,
                          sources: list(r[4]), vintages: list(r[5]))
                },
                files: batches?[0] ?? 0, lastIngestedAt: batches?[1], digest: digest)
        }
    }
}

/// What one protected-attribute file's ingest did. Counts and names only: never a value.
public struct AttributeIngestReport: Sendable, Equatable, Codable {
    public let file: String
    public let fileSHA256: String
    public let rows: Int
    public let customers: Int
    /// Customers per attribute in the file.
    public let attributes: [String: Int]
    /// (customer, attribute) memberships stored for the first time, replaced by the file's, or already as in it.
    public let inserted: Int
    public let replaced: Int
    public let unchanged: Int
    public let batchID: Int?
    /// Chained SHA-256 of every attribute file stored so far: what a fairness report was computed on.
    public let digest: String

    enum CodingKeys: String, CodingKey {
        case file, rows, customers, attributes, inserted, replaced, unchanged, digest
        case fileSHA256 = "file_sha256"
        case batchID = "batch_id"
    }
}

import SegmentModel

/// What one file's ingest did (or would have done, when it was rejected).
public struct IngestReport: Sendable, Equatable, Codable {
    public let file: String
    public let fileSHA256: String
    public let rows: Int
    public let inserted: Int
    /// Rows whose unknown label the file filled in.
    public let labelUpdates: Int
    /// Rows whose existing label the file changed (only with `--relabel`).
    public let relabelled: Int
    /// Rows already stored exactly as in the file.
    public let unchanged: Int
    /// Rows repeated verbatim within the file, kept once.
    public let duplicateRows: Int
    public let batchID: Int?
    public let firstDay: Day?
    public let lastDay: Day?

    enum CodingKeys: String, CodingKey {
        case file, rows, inserted, relabelled, unchanged
        case fileSHA256 = "file_sha256"
        case labelUpdates = "label_updates"
        case duplicateRows = "duplicate_rows"
        case batchID = "batch_id"
        case firstDay = "first_as_of"
        case lastDay = "last_as_of"
    }

    public var changedAnything: Bool { inserted + labelUpdates + relabelled > 0 }
}

/// A file that broke the contract: nothing of it was stored.
public struct IngestRejected: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let violations: ViolationLog

    public init(file: String, violations: ViolationLog) {
        self.file = file
        self.violations = violations
    }

    public var description: String {
        "\(file): rejected, nothing stored (\(violations.total) problem\(violations.total == 1 ? "" : "s")):\n"
            + violations.report
    }
}

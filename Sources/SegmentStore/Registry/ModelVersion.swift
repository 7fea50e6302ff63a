import Foundation
import SegmentModel

/// A registered model version's lineage and headline metrics (the artifact itself is loaded on demand and
/// verified against its SHA-256).
public struct ModelVersion: Sendable, Equatable, Codable, SQLRecord {
    public let version: Int
    public let createdAt: String
    public let createdBy: String
    /// The T the version was trained for.
    public let asOf: Day
    public let stage: ModelStage
    public let artifactSHA256: String
    public let window: DayRange
    public let holdout: DayRange
    public let trainRows: Int
    public let holdoutRows: Int
    public let dataFingerprint: String
    public let accuracy: Double
    public let logLoss: Double
    public let harmRate: Double
    public let codeVersion: String

    enum CodingKeys: String, CodingKey {
        case version, stage, window, holdout, accuracy
        case createdAt = "created_at"
        case createdBy = "created_by"
        case asOf = "as_of"
        case artifactSHA256 = "artifact_sha256"
        case trainRows = "train_rows"
        case holdoutRows = "holdout_rows"
        case dataFingerprint = "data_fingerprint"
        case logLoss = "log_loss"
        case harmRate = "harm_rate"
        case codeVersion = "code_version"
    }

    static let columns = """
        version, created_at, created_by, as_of, stage, artifact_sha256, window_from, window_to, holdout_from,
        holdout_to, train_rows, holdout_rows, data_fingerprint, accuracy, log_loss, harm_rate, code_version
        """

    public init(row: SQLRow) throws {
        func day(_ column: String) throws -> Day {
            guard let d = Day(row[column] as String) else { throw StoreError.invalid("bad date in model_version.\(column)") }
            return d
        }
        version = row["version"]
        createdAt = row["created_at"]
        createdBy = row["created_by"]
        asOf = try day("as_of")
        guard let stage = ModelStage(rawValue: row["stage"]) else {
            throw StoreError.invalid("model_version \(version) has an unknown stage '\(row["stage"] as String)'")
        }
        self.stage = stage
        artifactSHA256 = row["artifact_sha256"]
        window = DayRange(from: try day("window_from"), to: try day("window_to"))
        holdout = DayRange(from: try day("holdout_from"), to: try day("holdout_to"))
        trainRows = row["train_rows"]
        holdoutRows = row["holdout_rows"]
        dataFingerprint = row["data_fingerprint"]
        accuracy = row["accuracy"]
        logLoss = row["log_loss"]
        harmRate = row["harm_rate"]
        codeVersion = row["code_version"]
    }
}

/// What registering a new version stores.
public struct NewModelVersion: Sendable {
    public var artifact: ModelArtifact
    public var artifactData: Data
    public var asOf: Day
    public var actor: String
    public var configSnapshot: String
    public var codeVersion: String

    public init(artifact: ModelArtifact, asOf: Day, actor: String, configSnapshot: String, codeVersion: String) throws {
        self.artifact = artifact
        self.artifactData = try artifact.encoded()
        self.asOf = asOf
        self.actor = actor
        self.configSnapshot = configSnapshot
        self.codeVersion = codeVersion
    }
}

import SegmentModel

/// Everything `segmentops.yaml` can set. Every field has a default, so an empty file (or none) is a valid
/// configuration: the built-in consumer-credit deployment.
public struct SegmentOpsConfig: Sendable, Equatable {
    public var schema = SegmentSchema.standard
    public var training = TrainingConfig()
    public var monitoring = MonitoringConfig()
    public var release = ReleaseConfig()
    public var alerting = AlertingConfig()
    public var supervisor = SupervisorConfig()
    public var api = APIConfig()
    public var segments = SegmentsConfig()
    public var fairness = FairnessConfig()
    public var storage = StorageConfig()
    public var database = DatabaseConfig()
    /// Folder relative paths in the file (rules, runbooks) are resolved against; the working directory by default.
    public var baseDirectory = "."

    public init() {}

    public static let defaults = SegmentOpsConfig()

    /// Resolves a configured path against `baseDirectory`.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") || baseDirectory == "." ? path : baseDirectory + "/" + path
    }

    public var rulesDirectory: String { resolve(alerting.rulesDir) }
    public var runbooksDirectory: String { resolve(alerting.runbooksDir) }
}

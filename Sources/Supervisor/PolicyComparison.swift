import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore

/// `replay --compare-policies`: the same history replayed under the configured policy and two naive ones
/// (always promote the newest version; keep the first), each into its own database, concurrently, then measured
/// the same way (`PolicyBacktest`). Only the configured replay delivers alerts to the receivers.
public struct PolicyComparison: Sendable {
    public let config: SegmentOpsConfig
    public let configSnapshot: String
    public let logger: Logger

    public init(config: SegmentOpsConfig, configSnapshot: String, logger: Logger = Logger(label: "segmentops.replay")) {
        self.config = config
        self.configSnapshot = configSnapshot
        self.logger = logger
    }

    /// The database a policy's replay writes, next to the configured one (`demo.db` → `demo.always_newest.db`).
    public static func databasePath(_ path: String, policy: ReleasePolicy) -> String {
        guard policy != .configured else { return path }
        let base = path.hasSuffix(".db") ? String(path.dropLast(3)) : path
        return "\(base).\(policy.rawValue).db"
    }

    /// Replays `bytes` under every policy; returns the configured replay's report with `policies` filled in.
    public func run(file: String, bytes: [UInt8], databasePath: String, alerts: @escaping @Sendable (SegmentDatabase) throws -> AlertCenter?,
                    from: Day?, to: Day?, progress: @escaping @Sendable (ReplayReport.DayLine) -> Void) async throws -> ReplayReport {
        var quiet = config
        quiet.alerting.receivers = []
        quiet.release.requireApproval = false
        let reports = try await withThrowingTaskGroup(of: (ReleasePolicy, ReplayReport, SegmentDatabase).self) { group in
            for policy in ReleasePolicy.allCases {
                let path = PolicyComparison.databasePath(databasePath, policy: policy)
                let policyConfig = policy == .configured ? config : quiet
                group.addTask {
                    if policy != .configured { try PolicyComparison.remove(path) }
                    let database = try SegmentDatabase.open(path: path, schema: policyConfig.schema, create: true)
                    let center = policy == .configured ? try alerts(database)
                        : AlertCenter(database: database, config: policyConfig,
                                      rules: try RuleLoader(rulesDirectory: policyConfig.rulesDirectory,
                                                            runbooksDirectory: policyConfig.runbooksDirectory).load(),
                                      logger: logger)
                    let report = try await Replay(database: database, config: policyConfig, configSnapshot: configSnapshot,
                                                  alerts: center, logger: logger, policy: policy)
                        .run(file: file, bytes: bytes, from: from, to: to,
                             progress: policy == .configured ? progress : { _ in })
                    return (policy, report, database)
                }
            }
            var out = [(ReleasePolicy, ReplayReport, SegmentDatabase)]()
            for try await result in group { out.append(result) }
            return out.sorted { ReleasePolicy.allCases.firstIndex(of: $0.0)! < ReleasePolicy.allCases.firstIndex(of: $1.0)! }
        }
        let rows = ObservationCSVParser(schema: config.schema).parse(bytes, file: file).batch
        var configured = reports[0].1
        configured.policies = try reports.map { policy, report, database in
            try PolicyBacktest(database: database, config: config).measure(report, rows: rows, policy: policy)
        }
        return configured
    }

    static func remove(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

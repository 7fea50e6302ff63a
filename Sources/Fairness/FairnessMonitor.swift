import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// The periodic fair-lending check of the production version (FairnessDisparity): once per audit day and version,
/// the audit of production on the newest audit population is recorded as a `fairness` monitor run.
public struct FairnessMonitor: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    /// Audits production as of the newest observation day on or before `asOf`; nil when off, without production,
    /// without attributes, or already done for that day and version.
    @discardableResult
    public func run(asOf: Day, at date: Date) throws -> FairnessReport? {
        guard config.fairness.monitor, let production = try ModelRegistry(database: database).production()?.version,
              try !AttributeStore(database: database).isEmpty() else { return nil }
        let audit = FairnessAudit(database: database, config: config)
        guard let day = try audit.defaultDay(onOrBefore: asOf) else { return nil }
        let runs = MonitorRunStore(database: database)
        if let last = try runs.latest(kind: "fairness", asOf: day), last.version == production { return nil }
        let report = try audit.report(version: production, asOf: day, options: .init(alternative: .never))
        try runs.record(kind: "fairness", asOf: day, version: production, status: report.verdict.rawValue,
                        figures: try JSONValue(encoding: report), at: date)
        return report
    }
}

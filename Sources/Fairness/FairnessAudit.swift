import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Builds the fair-lending audit of a version: scores the audit population with it, tabulates adverse impact per
/// segment and group (Holm-corrected), error parity on the labelled customers and the proxy scan, and gives the
/// verdict. With `against`, every ratio is also compared with that version's on the same customers (the gate).
public struct FairnessAudit: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public enum Alternative: Sendable {
        /// Never retrain.
        case never
        /// Retrain without the flagged proxies when the verdict is fail (the default).
        case whenFailing
        /// Retrain without the flagged proxies whenever some are flagged.
        case whenFlagged
    }

    public struct Options: Sendable {
        public var against: Int?
        /// Proxies already flagged in the compared version's evidence: others are new (the gate warns).
        public var knownProxies: [String]?
        public var alternative = Alternative.whenFailing

        public init(against: Int? = nil, knownProxies: [String]? = nil, alternative: Alternative = .whenFailing) {
            self.against = against
            self.knownProxies = knownProxies
            self.alternative = alternative
        }
    }

    /// The newest observation day on or before `day` (default: the newest stored): the audit's default day.
    public func defaultDay(onOrBefore day: Day? = nil) throws -> Day? {
        let store = ObservationStore(database: database)
        if let day { return try store.latestDay(onOrBefore: day, labelled: false) }
        return try store.latestDay()
    }

    public func report(version: Int, asOf: Day, options: Options = Options()) throws -> FairnessReport {
        let population = try AuditPopulation.load(database: database, asOf: asOf, windowDays: config.fairness.windowDays)
        return try report(version: version, asOf: asOf, population: population, options: options)
    }

    public func report(version: Int, asOf: Day, population: AuditPopulation, options: Options) throws -> FairnessReport {
        let registry = ModelRegistry(database: database)
        let artifact = try registry.artifact(version)
        let predictions = try artifact.model().predictions(population.features)
        let production = try options.against.map { try registry.artifact($0).model().predictions(population.features) }
        var report = assemble(version: version, asOf: asOf, population: population, predictions: predictions,
                              production: production, against: options.against)
        // A flagged proxy the version was trained without cannot carry the group into its segments.
        let excluded = Set(artifact.training.recipe?.withoutFeatures ?? [])
        let flagged = report.flaggedProxies.filter { !excluded.contains($0) }
        if let known = options.knownProxies {
            report.newProxies = flagged.filter { !known.contains($0) }
        }
        (report.verdict, report.verdictReason) = verdict(report)
        let wanted = switch options.alternative {
        case .never: false
        case .whenFailing: report.verdict == .fail
        case .whenFlagged: true
        }
        if wanted, !flagged.isEmpty {
            report.alternative = try FairnessAlternativeBuilder(audit: self)
                .build(version: version, without: flagged, population: population, report: report)
        }
        return report
    }

    /// Everything but the verdict and the alternative, from the predictions.
    func assemble(version: Int, asOf: Day, population: AuditPopulation, predictions: [Int32], production: [Int32]?,
                  against: Int?) -> FairnessReport {
        let f = config.fairness, segments = config.schema.segments
        let calculator = DisparityCalculator(settings: f.disparity)
        var cells = [DisparityCell]()
        for column in population.columns {
            for (s, name) in segments.enumerated() {
                cells += calculator.cells(column, segment: s, name: name, direction: f.direction(of: name),
                                          predictions: predictions, production: production)
            }
        }
        cells = calculator.finish(cells)
        let errors = population.columns.flatMap {
            ErrorParity.measure($0, predictions: predictions, labels: population.labels, segments: segments.count,
                                harmPairs: config.schema.harmPairIndices)
        }
        let scans = population.columns.flatMap {
            ProxyScan.scan($0, x: population.features, featureNames: config.schema.features, settings: f.proxyScan)
        }
        return FairnessReport(
            version: version, against: against, asOf: asOf, window: population.window,
            population: .init(customers: population.count, labelled: population.labels.filter { $0 >= 0 }.count,
                              withoutAttributes: population.withoutAttributes),
            attributes: population.columns.map(summary), attributesDigest: population.attributesDigest,
            outcomes: Dictionary(uniqueKeysWithValues: segments.map { ($0, f.direction(of: $0).rawValue) }),
            settings: f.reportSettings, cells: cells, errors: errors,
            proxy: scans.map { .init(attribute: $0.attribute, group: $0.group, rows: $0.rows, auc: $0.auc,
                                     aucFolds: $0.aucFolds, flagged: $0.flagged) },
            proxyFeatures: scans.flatMap(\.features), newProxies: [], verdict: .skipped, verdictReason: "",
            alternative: nil)
    }

    func summary(_ column: AttributeColumn) -> FairnessReport.AttributeSummary {
        let k = column.groups.count
        var totals = [Double](repeating: 0, count: k)
        var covered = 0
        for i in 0..<column.customers {
            var any = false
            for g in 0..<k where column.weight(i, g) > 0 { totals[g] += column.weight(i, g); any = true }
            if any { covered += 1 }
        }
        let all = max(totals.reduce(0, +), 1e-12)
        return .init(name: column.name, probabilistic: column.probabilistic,
                     coverage: column.customers > 0 ? Double(covered) / Double(column.customers) : 0,
                     groups: column.groups.indices.map { .init(group: column.groups[$0], customers: totals[$0], share: totals[$0] / all) },
                     sources: column.sources, vintages: column.vintages)
    }
}

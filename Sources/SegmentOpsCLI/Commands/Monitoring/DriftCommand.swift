import ArgumentParser
import Foundation
import Monitoring
import SegmentModel
import SegmentStore

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "PSI of every feature and of the predicted segment mix, against the version's frozen reference.",
        discussion: """
            Current window: observations with as_of in the monitoring.monitor_window_days (7) days ending at --as-of. \
            Bands: < 0.1 ok, 0.1–0.25 warning, ≥ 0.25 critical (per-feature overrides in monitoring.feature_psi). \
            With fewer rows than monitoring.min_rows the status is insufficient_data and no PSI is given. \
            Text output shows the bins of every feature out of the ok band (all with --all-bins).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("as-of"), help: "Last day of the window (default: the newest observation).")
    var asOf: DayArgument?

    @Option(name: .long, help: "Version to judge (default: production, else the newest).")
    var version: VersionArgument?

    @Flag(name: .customLong("all-bins"), help: "Show the bins of every feature, not only drifting ones.")
    var allBins = false

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let day = try resolveAsOf(asOf, database)
        let report = try Monitors(database: database, config: context.config).drift(asOf: day, version: version?.number)
        if global.json { return try context.output.emit(report) }
        Console.out(DriftText.render(report, allBins: allBins))
    }
}

/// `--as-of` or the newest observation.
func resolveAsOf(_ asOf: DayArgument?, _ database: any StoreBackend) throws -> Day {
    if let asOf { return asOf.day }
    guard let day = try ObservationStore(database: database).latestDay() else {
        throw CLIError("there are no observations yet; ingest some with `segmentops ingest FILE.csv`")
    }
    return day
}

enum DriftText {
    static func render(_ r: DriftReport, allBins: Bool) -> String {
        var lines = ["drift of v\(r.version) on \(r.window) (as of \(r.asOf)): \(r.rows) rows"
                     + (r.status == .insufficientData ? " — INSUFFICIENT DATA (min_rows \(r.minRows)): no PSI reported" : "")]
        var table = TextTable(["feature", "psi", "band", "day psi (\(r.asOf), \(r.dayRows) rows)", "day band", "warning", "critical"],
                              rightAligned: [1, 3, 5, 6])
        for f in r.features {
            table.add([f.name, f.psi.map { Fmt.f($0) } ?? "-", f.band?.rawValue ?? "-", f.dayPSI.map { Fmt.f($0) } ?? "-",
                       f.dayBand?.rawValue ?? "-", Fmt.f(f.thresholds.warning, 2), Fmt.f(f.thresholds.critical, 2)])
        }
        lines.append(table.render(indent: "  "))
        let m = r.segmentMix
        let segments = m.reference.keys.sorted()
        lines.append("segment mix: psi \(m.psi.map { Fmt.f($0) } ?? "-") (\(m.band?.rawValue ?? "-"))  reference "
                     + segments.map { "\($0) \(Fmt.pct(m.reference[$0] ?? 0))" }.joined(separator: ", ")
                     + "  →  current " + segments.map { "\($0) \(Fmt.pct(m.current[$0] ?? 0))" }.joined(separator: ", "))
        for f in r.features where allBins || (f.worstBand ?? .ok) != .ok {
            lines.append("bins of \(f.name) (psi \(f.psi.map { Fmt.f($0) } ?? "-"), \(f.band?.rawValue ?? "-")):")
            var bins = TextTable(["range", "reference", "current", "count", "contribution"], rightAligned: [1, 2, 3, 4])
            for b in f.bins {
                let lo = b.lower.map { Fmt.num($0) } ?? "−∞", hi = b.upper.map { Fmt.num($0) } ?? "+∞"
                bins.add(["[\(lo), \(hi))", Fmt.f(b.referenceShare), Fmt.f(b.currentShare), String(b.currentCount),
                          Fmt.f(b.contribution)])
            }
            lines.append(bins.render(indent: "    "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Fmt {
    /// A bin edge: integers plainly, others with up to 4 decimals.
    static func num(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(format: "%.4g", v)
    }
}

import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Supervisor

extension BenchCommand {
    /// The whole nightly cycle at `customers` customers observed weekly: 60 days of history stored first (in chunks,
    /// as daily files would arrive), then four nights, each ingesting its day and running the nightly job — train,
    /// gates, promotion, segment book, monitors, alerts, confirmed segments, retention — as `supervise` does.
    ///
    /// Retention runs with its windows already full, so the last nights are the steady state a business reaches
    /// after 400 days: raw scores are kept 1 day and observations 61 days (the training window and one day), so
    /// from the second night each night prunes a day of observations and the scores the night before superseded —
    /// what a night adds and frees does not depend on the windows' lengths, only how much stays stored does. The
    /// second night's growth is still high: the pages pruning frees are reused from the third.
    func scale(customers: Int) async throws {
        var figures = BenchFigures(json: global.json)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segmentops-bench-scale-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = SegmentOpsConfig()
        config.storage.scoreRetentionDays = 1
        config.storage.observationRetentionDays = config.training.windowDays + 1
        let database = try SegmentDatabase.open(path: dir + "/scale.db", schema: schema, create: true)
        let history = 60, nights = 4
        let spec = SimulationSpec(scenario: .stable, customers: customers, days: history + nights, seed: 29,
                                  start: Day(year: 2026, month: 1, day: 1)!)
        let store = ObservationStore(database: database)
        var chunk = ObservationBatch(featureCount: schema.features.count)
        var nightly = [ObservationBatch](repeating: ObservationBatch(featureCount: schema.features.count), count: nights)
        var chunkStart = spec.start, stored = 0
        func flush() throws {
            guard chunk.count > 0 else { return }
            _ = try store.ingest(chunk, file: "history-\(chunkStart).csv", fileSHA256: "h\(chunkStart)", actor: "bench", relabel: false)
            stored += chunk.count
            chunk = ObservationBatch(featureCount: schema.features.count)
        }
        let (_, setupSeconds) = try BenchFigures.timed {
            try Simulator(spec: spec).generate { o in
                let offset = o.asOf - spec.start
                if offset >= history { return nightly[offset - history].append(o) }
                if o.asOf - chunkStart >= 10 {
                    try flush()
                    chunkStart = o.asOf
                }
                chunk.append(o)
            }
            try flush()
        }
        figures.record("history stored", Double(stored), "rows", "\(customers / 1000)k customers × \(history) days, simulated and ingested in \(String(format: "%.1f", setupSeconds)) s")
        var quiet = Logger(label: "segmentops.bench")
        quiet.logLevel = .error
        let job = NightlyJob(database: database, config: config, configSnapshot: "bench", alerts: nil, logger: quiet)
        func databaseBytes() throws -> Int {
            try database.writer.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }
        var growth = [Int]()
        for night in 0..<nights {
            let before = try databaseBytes()
            let day = spec.start + history + night
            let batch = nightly[night]
            let ((outcome, ingestSeconds), seconds) = try await BenchFigures.timed {
                let (_, ingestSeconds) = try BenchFigures.timed {
                    try store.ingest(batch, file: "day-\(day).csv", fileSHA256: "d\(day)", actor: "bench", relabel: false)
                }
                let outcome = try await job.run(asOf: day, scheduledFor: nil, at: Date(), deliver: false)
                return (outcome, ingestSeconds)
            }
            let steps = "ingest \(batch.count) rows \(String(format: "%.1f", ingestSeconds)) s, train \(String(format: "%.1f", outcome.trainSeconds ?? 0)) s, "
                + "decision \(outcome.decision?.eventType ?? "none"), book \(outcome.book) written, "
                + "segments \(outcome.segments.map { "\($0.changed) changed" } ?? "-"), "
                + "pruned \(outcome.pruned.map { "\($0.scores) scores, \($0.observations) observations" } ?? "-")"
                + (outcome.failedSteps.isEmpty ? "" : ", FAILED: \(outcome.failedSteps.joined(separator: ","))")
            figures.record("nightly cycle, night \(night + 1)" + (night >= 2 ? " (steady state)" : ""), seconds, "s", steps)
            growth.append(try databaseBytes() - before)
        }
        figures.record("database growth, last night", Double(growth.last ?? 0) / 1e6, "MB",
                       "nights: " + growth.map { String(format: "%.1f", Double($0) / 1e6) }.joined(separator: ", ")
                       + " MB; from the third night each night adds a day of observations and scores and prunes as many")
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        figures.record("peak memory (max RSS)", Double(usage.ru_maxrss) / 1024, "MiB", "whole benchmark process, history setup included")
        figures.record("database", Double(try databaseBytes()) / 1e6, "MB", "after \(history + nights) days of \(customers / 1000)k customers")
        try figures.emit()
    }
}

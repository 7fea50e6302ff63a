import Alerting
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore
import Simulation
import Supervisor
import Testing
import Training

@Suite("The release policy serves the best available model, judged by backtest on several seeds")
struct ReleasePolicyTests {
    private func logger() -> Logger {
        var logger = Logger(label: "test.policy")
        logger.logLevel = .critical
        return logger
    }

    /// The replay of `batch` under the configured policy (and, with `compare`, the two naive ones).
    private func backtest(_ batch: ObservationBatch, workspace: TestWorkspace, compare: Bool) async throws -> ReplayReport {
        let config = workspace.config
        let bytes = Array(Fixtures.csv(batch).utf8)
        let log = logger()
        if compare {
            return try await PolicyComparison(config: config, configSnapshot: "test", logger: log)
                .run(file: "history.csv", bytes: bytes, databasePath: workspace.databasePath,
                     alerts: { database in
                         AlertCenter(database: database, config: config,
                                     rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: log)
                     }, from: nil, to: nil, progress: { _ in })
        }
        let database = try workspace.database()
        let alerts = AlertCenter(database: database, config: config,
                                 rules: try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load(), logger: log)
        return try await Replay(database: database, config: config, configSnapshot: "test", alerts: alerts, logger: log)
            .run(file: "history.csv", bytes: bytes, from: nil, to: nil)
    }

    /// Accuracy of `model` on the labelled rows of `batch` with `as_of` in `range`.
    private func accuracy(_ model: SoftmaxModel, _ batch: ObservationBatch, _ range: DayRange) -> Double {
        let rows = (0..<batch.count).filter { range.contains(batch.days[$0]) && batch.labels[$0] >= 0 }
        let x = FeatureMatrix(columns: 12).appending(rows: rows, of: batch)
        let predicted = model.predictions(x)
        return Double(zip(rows, predicted).filter { batch.labels[$0.0] == $0.1 }.count) / Double(rows.count)
    }

    @Test("concept drift: within 10 days production is within 0.02 of a model trained on the new behaviour; no avoidable harm; less harm than either naive policy",
          arguments: [UInt64(21), 22])
    func conceptRecovers(seed: UInt64) async throws {
        let workspace = try TestWorkspace()
        let (batch, spec) = Fixtures.simulate(.concept, customers: 3600, days: 110, seed: seed)
        let report = try await backtest(batch, workspace: workspace, compare: true)
        let policies = try #require(report.policies)
        let configured = try #require(policies.first { $0.name == "configured" })
        let newest = try #require(policies.first { $0.name == "always_newest" })
        let frozen = try #require(policies.first { $0.name == "frozen" })
        #expect(configured.avoidableHarmDays <= 2, "\(policies)")
        #expect(configured.harmRows <= min(newest.harmRows, frozen.harmRows), "\(policies)")
        #expect(configured.meanAccuracy >= newest.meanAccuracy && configured.meanAccuracy >= frozen.meanAccuracy)

        // What served ten days after the change, against a model trained on the new behaviour (on later days, so
        // it never saw the rows it is measured on).
        let database = try SegmentDatabase.open(path: workspace.databasePath, schema: .standard)
        let registry = ModelRegistry(database: database)
        let day = spec.changeDay + 10
        let serving = try #require(try registry.production(at: Date(timeIntervalSince1970: Double(day.index * 86400 + 43200))))
        let window = DayRange(ending: day, length: 7)
        let servingAccuracy = accuracy(try registry.artifact(serving.version).model(), batch, window)
        let later = (0..<batch.count).filter { batch.days[$0] > day && batch.days[$0] <= day + 40 && batch.labels[$0] >= 0 }
        let oracle = try SoftmaxTrainer().fit(
            LabelledData(features: FeatureMatrix(columns: 12).appending(rows: later, of: batch), labels: later.map { batch.labels[$0] }),
            features: SegmentSchema.standardFeatures, segments: SegmentSchema.standardSegments).model
        let oracleAccuracy = accuracy(oracle, batch, window)
        #expect(servingAccuracy >= oracleAccuracy - 0.02,
                "v\(serving.version) served \(servingAccuracy) on \(window); a model on the new behaviour reaches \(oracleAccuracy)")

        // A replacement that missed an absolute gate was promoted only on paired evidence, recorded in the audit log.
        for entry in try registry.history() where entry.action == "promote" && entry.evidence["remedial"]?.boolValue == true {
            #expect(entry.evidence["paired"]?["p_more_accurate"]?.doubleValue != nil)
            #expect(entry.reason?.contains("McNemar") == true)
        }
    }

    @Test("broken feed on another seed: nothing trained across the break serves, no rollback, promotion paused")
    func brokenFeedAnotherSeed() async throws {
        let workspace = try TestWorkspace()
        let (batch, spec) = Fixtures.simulate(.brokenFeed, customers: 3600, days: 100, seed: 26)
        let report = try await backtest(batch, workspace: workspace, compare: false)
        let registry = ModelRegistry(database: try workspace.database())
        for interval in try registry.productionIntervals() {
            let trained = try registry.artifact(interval.version).training.trainWindow
            #expect(trained.to < spec.changeDay, "v\(interval.version) trained on \(trained) served")
        }
        #expect(report.summary.rollbacks == 0 && report.summary.remedialPromotions == 0)
        #expect(report.days.filter { $0.date > spec.changeDay }.contains { day in day.events.contains { $0.type == "paused" } })
    }

    @Test("labels 7–21 days late, stable: no critical alert")
    func lateLabelsStable() async throws {
        let workspace = try TestWorkspace()
        let (batch, _) = Fixtures.simulate(.stable, customers: 3600, days: 110, seed: 23, labelDelay: 7...21)
        let report = try await backtest(batch, workspace: workspace, compare: false)
        let criticalRules = Set(try RuleLoader(rulesDirectory: TestPaths.root + "/Alerts").load()
            .filter { $0.severity == .critical }.map(\.name))
        let critical = try AlertStateStore(database: try workspace.database()).transitions(limit: 1000)
            .filter { $0.to == "firing" && criticalRules.contains($0.rule) }
        #expect(critical.isEmpty, "\(critical.map(\.rule))")
        #expect(report.summary.promotions >= report.days.count / 2)
        #expect(report.summary.rollbacks == 0 && report.summary.remedialPromotions == 0)
    }

    @Test("labels 7–21 days late, concept: the response comes within 3 days of the evidence the on-time replay needed")
    func lateLabelsConcept() async throws {
        let onTime = try TestWorkspace(), late = try TestWorkspace()
        let (plain, spec) = Fixtures.simulate(.concept, customers: 3600, days: 110, seed: 24)
        let (delayed, _) = Fixtures.simulate(.concept, customers: 3600, days: 110, seed: 24, labelDelay: 7...21)
        let first = try await backtest(plain, workspace: onTime, compare: false)
        let second = try await backtest(delayed, workspace: late, compare: false)
        func response(_ r: ReplayReport) -> Day? {
            r.days.first { $0.date >= spec.changeDay && $0.events.contains {
                $0.alert == "MisclassificationGuardrailTripped" && $0.type == "alert_fired" || $0.type == "remedial_promotion"
                    || $0.type == "rolled_back" } }?.date
        }
        // The evidence the on-time guardrail acted on: the labelled rows of its evaluation window that day.
        let onTimeDay = try #require(response(first))
        let runs = try MonitorRunStore(database: try onTime.database()).list(kind: "evaluation", limit: 10_000)
        let needed = try #require(runs.first { $0.asOf == onTimeDay }?.figures["n"]?.doubleValue)
        // With late labels, the first day as many post-change labels were known.
        let post = (0..<delayed.count).filter { delayed.days[$0] >= spec.changeDay && delayed.labels[$0] >= 0 }
        let enough = try #require((0...60).map { spec.changeDay + $0 }.first { day in
            post.filter { (delayed.labelledOn($0) ?? delayed.days[$0]) <= day }.count >= Int(needed)
        })
        let lateDay = try #require(response(second), "no response to the drift with late labels")
        #expect(lateDay <= enough + 3, "on time: \(onTimeDay) on \(Int(needed)) labels; late: \(lateDay); enough labels by \(enough)")
    }

    @Test("no gate, evaluation or training counts a label that became known after the decision day")
    func labelsKnownAtDecisionTime() async throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        // The whole file is stored at once — labels known in the future included — then the nightly job runs for a
        // day in the middle.
        let (batch, _) = Fixtures.simulate(.stable, customers: 3000, days: 100, seed: 25, labelDelay: 7...21)
        try Fixtures.ingest(batch, into: database)
        let day = Fixtures.start + 80
        func knownBy(_ range: DayRange, excluding: [DayRange] = []) -> Int {
            (0..<batch.count).filter { i in
                batch.labels[i] >= 0 && range.contains(batch.days[i]) && !excluding.contains { $0.contains(batch.days[i]) }
                    && (batch.labelledOn(i) ?? batch.days[i]) <= day
            }.count
        }
        let outcome = try await NightlyJob(database: database, config: workspace.config, configSnapshot: "test", alerts: nil,
                                           logger: logger())
            .run(asOf: day, scheduledFor: nil, at: Date(), deliver: false)
        let trained = try #require(outcome.trained)
        let artifact = try ModelRegistry(database: database).artifact(trained)
        #expect(artifact.training.trainRows == knownBy(artifact.training.trainWindow))
        #expect(artifact.training.holdoutRows == knownBy(artifact.training.holdoutWindow))
        #expect(artifact.training.labelsKnownBy == day)
        let evaluation = try #require(outcome.monitor?.summary.evaluation)
        #expect(evaluation.n == knownBy(evaluation.window, excluding: [artifact.training.trainWindow]))
        // Counting every stored label would have given more: the test can fail.
        let all = (0..<batch.count).filter { batch.labels[$0] >= 0 && evaluation.window.contains(batch.days[$0]) }.count
        #expect(all > evaluation.n)

        // A second night with production in place: the gate table's rows are the labels known that night.
        let next = day + 1
        let second = try await NightlyJob(database: database, config: workspace.config, configSnapshot: "test", alerts: nil,
                                          logger: logger())
            .run(asOf: next, scheduledFor: nil, at: Date(), deliver: false)
        let candidate = try #require(second.trained)
        let entry = try #require(try ModelRegistry(database: database).history(version: candidate).last { $0.evidence["n"] != nil })
        let window = try #require(entry.evidence["window"]).decode(DayRange.self)
        let production = try ModelRegistry(database: database).artifact(trained).training.trainWindow
        let cand = try ModelRegistry(database: database).artifact(candidate).training.trainWindow
        let expected = (0..<batch.count).filter { i in
            batch.labels[i] >= 0 && window.contains(batch.days[i]) && !production.contains(batch.days[i])
                && !cand.contains(batch.days[i]) && (batch.labelledOn(i) ?? batch.days[i]) <= next
        }.count
        #expect(entry.evidence["n"]?.doubleValue == Double(expected))
    }

    @Test("a labelled_on before as_of, unparsable, or without a segment rejects the file with line and column", arguments: [
        ("2026-02-27", "builder", "is before as_of"),
        ("28/02/2026", "builder", "is not a date"),
        ("2026-03-05", "", "labelled_on without a segment"),
    ])
    func badLabelledOn(_ value: String, _ segment: String, _ reason: String) throws {
        let text = IngestTests.header + ",labelled_on\n" + IngestTests.row("C1", "2026-02-28") + ",2026-03-02\n"
            + IngestTests.row("C2", "2026-02-28", segment: segment) + ",\(value)\n"
        let result = ObservationCSVParser(schema: .standard).parse(Array(text.utf8), file: "late.csv")
        let first = try #require(result.violations.first.first)
        #expect(first.line == 3 && first.column == "labelled_on" && first.description.contains(reason), "\(first)")
        let workspace = try TestWorkspace()
        let file = try workspace.file("late.csv", text)
        _ = try workspace.database()
        let cli = try CLI.run(["ingest", file, "--db", workspace.databasePath], cwd: workspace.path)
        #expect(cli.status == 1 && cli.stderr.contains("late.csv:3 column 'labelled_on'"))
        #expect(try workspace.database().writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observation") } == 0)
    }
}

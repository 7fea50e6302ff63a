import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore
import Testing
import Training

@Suite("Window rule and training")
struct TrainingTests {
    @Test("the window covers the 60 days ending at T; the last 7 are holdout and never trained on")
    func windowRule() {
        let t = Day("2026-03-01")!
        let w = TrainingWindow(asOf: t, windowDays: 60, holdoutDays: 7)
        #expect(w.window.from.description == "2026-01-01" && w.window.to == t && w.window.dayCount == 60)
        #expect(w.holdout.from.description == "2026-02-23" && w.holdout.to == t)
        #expect(w.train.to.description == "2026-02-22" && w.train.from == w.window.from)
    }

    @Test("rows on the first and last day of the window are used; the day before is not")
    func windowEdges() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 2000, days: 90)
        try Fixtures.ingest(batch, into: database)
        let t = Fixtures.start + 80
        let outcome = try Trainer(database: database, config: workspace.config).train(asOf: t, actor: "a", configSnapshot: "c", at: Date())
        let window = DayRange(ending: t, length: 60)
        let holdout = DayRange(ending: t, length: 7)
        var train = 0, hold = 0
        for i in 0..<batch.count where batch.labels[i] >= 0 {
            if holdout.contains(batch.days[i]) { hold += 1 } else if window.contains(batch.days[i]) { train += 1 }
        }
        #expect(outcome.artifact.training.trainRows == train)
        #expect(outcome.artifact.training.holdoutRows == hold)
        #expect(outcome.artifact.metrics.n == hold)
        // The realistic simulator lands in the documented accuracy band.
        #expect(outcome.artifact.metrics.accuracy > 0.84 && outcome.artifact.metrics.accuracy < 0.93)
    }

    @Test("an empty window is a clear error naming the window and the data range")
    func emptyWindow() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 500, days: 30)
        try Fixtures.ingest(batch, into: database)
        do {
            _ = try Fixtures.train(database, config: workspace.config, asOf: Day("2027-01-01")!)
            Issue.record("expected an error")
        } catch let error as TrainingError {
            #expect(error.description.contains("no labelled rows in the train window 2026-11-03…2026-12-25"))
            #expect(error.description.contains("labelled data covers 2026-01-01…2026-01-30"))
        }
        #expect(try ModelRegistry(database: database).list().isEmpty)
    }

    @Test("train --json prints the documented fields")
    func trainJSON() throws {
        let workspace = try TestWorkspace()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1500, days: 70)
        try Fixtures.ingest(batch, into: try workspace.database())
        let result = try CLI.run(["train", "--db", workspace.databasePath, "--as-of", "2026-03-05", "--json"], cwd: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
        #expect(json["version"]?.doubleValue == 1)
        #expect((json["train_rows"]?.doubleValue ?? 0) > 1000)
        #expect((json["holdout_rows"]?.doubleValue ?? 0) > 100)
        #expect(json["artifact_sha256"]?.stringValue?.count == 64)
        let metrics = try #require(json["metrics"])
        for key in ["accuracy", "log_loss", "harm_rate"] { #expect(metrics[key]?.doubleValue != nil, "\(key)") }
        #expect(metrics["recall"]?["builder"]?.doubleValue != nil)
        #expect(metrics["confusion"]?["builder"]?["acquirer"]?.doubleValue != nil)
        #expect(json["coefficients"]?["optimizer"]?["credit_score"]?.doubleValue != nil)
    }
}

@Suite("Configuration")
struct ConfigTests {
    @Test("the commented default file parses to exactly the built-in defaults")
    func defaultFile() throws {
        #expect(try ConfigLoader.parse(DefaultConfigFile.text) == SegmentOpsConfig.defaults)
        #expect(try ConfigLoader.parse("") == SegmentOpsConfig.defaults)
    }

    @Test("unknown keys and bad values are errors naming the key", arguments: [
        ("trainning:\n  window_days: 30\n", "trainning", "unknown key"),
        ("training:\n  windo_days: 30\n", "training.windo_days", "unknown key"),
        ("training:\n  window_days: -3\n", "training.window_days", "out of range"),
        ("training:\n  window_days: abc\n", "training.window_days", "expected a whole number"),
        ("training:\n  holdout_days: 60\n", "training.holdout_days", "smaller than window_days"),
        ("monitoring:\n  feature_psi:\n    nope: {warning: 1, critical: 2}\n", "monitoring.feature_psi.nope", "not one of the configured features"),
        ("segments: [acquirer]\n", "segments", "at least two"),
        ("features: [credit_score, credit_score]\n", "features", "listed twice"),
        ("supervisor:\n  schedule:\n    retrain: \"0 25 * * *\"\n", "supervisor.schedule.retrain", "hour field"),
        ("alerting:\n  receivers:\n    - name: x\n      type: email\n      url: http://h\n", "alerting.receivers[0].type", "not a receiver type"),
        ("alerting:\n  receivers:\n    - name: x\n      url: http://h\n      secret: nope\n", "alerting.receivers[0].secret", "whsec_"),
        ("api:\n  tokens:\n    - {name: a, token: short, role: viewer}\n", "api.tokens[0].token", "at least 16"),
        ("features: [credit_score, race, tenure_days]\n", "features", "protected characteristic"),
        ("features: [credit_score, zip]\nfairness:\n  protected_names: [zip]\n", "features", "protected characteristic"),
        ("training:\n  exclude_features: [nope]\n", "training.exclude_features", "not one of the configured features"),
        ("fairness:\n  outcomes: {premium: favourable}\n", "fairness.outcomes.premium", "not one of the segments"),
        ("fairness:\n  outcomes: {optimizer: good}\n", "fairness.outcomes.optimizer", "not a direction"),
        ("fairness:\n  air_threshold: 1.5\n", "fairness.air_threshold", "out of range"),
    ] as [(String, String, String)])
    func errors(_ text: String, _ key: String, _ reason: String) {
        do {
            _ = try ConfigLoader.parse(text, file: "x.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as ConfigError {
            #expect(error.key == key, "\(error)")
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("x.yaml"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("secrets never print")
    func secretsRedacted() throws {
        let config = try ConfigLoader.parse("""
            alerting:
              receivers:
                - name: oncall
                  url: http://127.0.0.1:9099/hook
                  secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
            """)
        let receiver = try #require(config.alerting.receivers.first)
        #expect("\(receiver)".contains("MfKQ") == false)
        #expect(String(describing: receiver.secret!) == "‹redacted›")
    }

    @Test("cron: next fire times, day-of-month/day-of-week rule, bad fields")
    func cron() throws {
        let utc = TimeZone(identifier: "UTC")!
        let nightly = try CronSchedule("0 2 * * *")
        let t = Timestamp.parse("2026-03-01T02:00:00Z")!
        #expect(Timestamp.format(nightly.next(after: t, in: utc)!) == "2026-03-02T02:00:00.000Z")
        #expect(Timestamp.format(nightly.previous(atOrBefore: Timestamp.parse("2026-03-01T01:59:00Z")!, in: utc)!) == "2026-02-28T02:00:00.000Z")
        let steps = try CronSchedule("*/15 9-17 * * mon-fri")
        #expect(Timestamp.format(steps.next(after: Timestamp.parse("2026-03-06T17:50:00Z")!, in: utc)!) == "2026-03-09T09:00:00.000Z")
        let either = try CronSchedule("0 0 1 * sun")  // the 1st or any Sunday
        #expect(Timestamp.format(either.next(after: Timestamp.parse("2026-03-02T00:00:00Z")!, in: utc)!) == "2026-03-08T00:00:00.000Z")
        let london = TimeZone(identifier: "Europe/London")!
        #expect(Timestamp.format(nightly.next(after: Timestamp.parse("2026-07-01T00:00:00Z")!, in: london)!) == "2026-07-01T01:00:00.000Z")
        for bad in ["* * * *", "60 * * * *", "*/0 * * * *", "5-1 * * * *", "x * * * *"] {
            #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(bad) }
        }
    }
}

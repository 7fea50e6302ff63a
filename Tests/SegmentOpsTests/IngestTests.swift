import Foundation
import GRDB
import SegmentModel
import SegmentStore
import Testing

@Suite("Data contract and all-or-nothing ingest")
struct IngestTests {
    static let header = "customer_id,as_of,credit_access_sessions,applications_submitted,monitoring_sessions,score_simulator_runs,builder_product_payments,open_credit_lines,utilization_ratio,on_time_payment_rate,credit_score,balance_transfer_views,email_engagement_rate,tenure_days,segment"
    static func row(_ id: String, _ day: String, score: String = "700", segment: String = "builder") -> String {
        "\(id),\(day),1,0,3,2,1,2,0.4,0.9,\(score),0,0.3,400,\(segment)"
    }

    private func parse(_ text: String) -> ObservationCSVParser.Result {
        ObservationCSVParser(schema: .standard).parse(Array(text.utf8), file: "in.csv")
    }

    private func count(_ database: SegmentDatabase) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observation") ?? 0 }
    }

    @Test("a valid file parses with columns in any order, quotes, CRLF and a BOM")
    func validFile() {
        let columns = IngestTests.header.split(separator: ",").map(String.init)
        let reordered = Array(columns.reversed()).joined(separator: ",")
        let values = IngestTests.row("\"C,1\"", "2026-03-01").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // "C,1" was split by the naive split above; rebuild the row in reversed column order by hand.
        let fields = ["\"C,1\""] + Array(values.dropFirst(2))
        let reversedRow = Array(fields.reversed()).joined(separator: ",")
        let text = "\u{FEFF}" + reordered + "\r\n" + reversedRow + "\r\n"
        let result = parse(text)
        #expect(result.violations.isEmpty, "\(result.violations.report)")
        #expect(result.batch.count == 1)
        #expect(result.batch.customerIDs[0] == "C,1")
        #expect(result.batch.row(0)[8] == 700)
        #expect(result.batch.labels[0] == 1)
    }

    @Test("every bad-input class is rejected with file, line, column and reason", arguments: [
        ("missing column", IngestTests.header.replacingOccurrences(of: ",tenure_days", with: "") + "\n", 1, "tenure_days", "missing column"),
        ("extra column", IngestTests.header + ",extra\n", 1, "extra", "unknown column"),
        ("missing field", IngestTests.header + "\nC1,2026-03-01,1,0,3\n", 2, nil, "expected 15 fields"),
        ("extra field", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01") + ",9\n", 2, nil, "expected 15 fields"),
        ("unparsable number", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", score: "7o0") + "\n", 2, "credit_score", "is not a number"),
        ("NaN", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", score: "NaN") + "\n", 2, "credit_score", "not a finite number"),
        ("infinite", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", score: "-inf") + "\n", 2, "credit_score", "not a finite number"),
        ("huge", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", score: "1e999") + "\n", 2, "credit_score", "not a finite number"),
        ("empty number", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", score: "") + "\n", 2, "credit_score", "empty value"),
        ("bad date", IngestTests.header + "\n" + IngestTests.row("C1", "2026-02-30") + "\n", 2, "as_of", "is not a date"),
        ("bad date format", IngestTests.header + "\n" + IngestTests.row("C1", "01/03/2026") + "\n", 2, "as_of", "is not a date"),
        ("unknown segment", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", segment: "Builder") + "\n", 2, "segment", "unknown segment"),
        ("empty customer", IngestTests.header + "\n" + IngestTests.row("", "2026-03-01") + "\n", 2, "customer_id", "empty customer_id"),
        ("repeated key", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01") + "\n" + IngestTests.row("C1", "2026-03-01", score: "701") + "\n",
         3, nil, "repeated with different features than line 2"),
        ("unterminated quote", IngestTests.header + "\n\"C1,2026-03-01\n", 2, nil, "never closed"),
        ("empty file", "", 0, nil, "header row is required"),
    ] as [(String, String, Int, String?, String)])
    func rejectsBadInput(_ name: String, _ text: String, _ line: Int, _ column: String?, _ reason: String) throws {
        let result = parse(text)
        let first = try #require(result.violations.first.first, "\(name) was not rejected")
        #expect(first.file == "in.csv")
        #expect(first.line == line, "\(name): \(first)")
        #expect(first.column == column, "\(name): \(first)")
        #expect(first.description.contains(reason), "\(name): \(first)")
    }

    @Test("a rejected file stores nothing, even its good rows")
    func nothingStoredFromBadFile() throws {
        let workspace = try TestWorkspace()
        _ = try workspace.database()
        let file = try workspace.file("bad.csv", IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01") + "\n"
                                      + IngestTests.row("C2", "2026-03-01", score: "x") + "\n")
        let result = try CLI.run(["ingest", "--db", workspace.databasePath, file], cwd: workspace.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.csv:3 column 'credit_score'"))
        #expect(result.stderr.contains("nothing stored"))
        #expect(try count(workspace.database()) == 0)
    }

    @Test("only the first 20 problems are listed, then a count")
    func firstTwentyThenCount() {
        var text = IngestTests.header + "\n"
        for i in 0..<25 { text += IngestTests.row("C\(i)", "2026-03-01", score: "bad") + "\n" }
        let result = parse(text)
        #expect(result.violations.total == 25)
        #expect(result.violations.first.count == 20)
        #expect(result.violations.report.contains("… and 5 more problems"))
    }

    @Test("re-ingesting the same file changes nothing; late labels fill in; changed labels need --relabel")
    func idempotenceAndLabels() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let store = ObservationStore(database: database)
        let unlabelled = parse(IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", segment: "") + "\n" + IngestTests.row("C2", "2026-03-01", segment: "") + "\n").batch
        let first = try store.ingest(unlabelled, file: "a.csv", fileSHA256: "a", actor: "t", relabel: false)
        #expect(first.inserted == 2 && first.labelUpdates == 0)
        let auditBefore = try ModelRegistry(database: database).history().count
        let again = try store.ingest(unlabelled, file: "a.csv", fileSHA256: "a", actor: "t", relabel: false)
        #expect(again.inserted == 0 && again.unchanged == 2 && !again.changedAnything)
        #expect(try ModelRegistry(database: database).history().count == auditBefore)

        let labels = parse(IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", segment: "builder") + "\n").batch
        let late = try store.ingest(labels, file: "labels.csv", fileSHA256: "l", actor: "t", relabel: false)
        #expect(late.labelUpdates == 1 && late.inserted == 0)

        let changed = parse(IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01", segment: "optimizer") + "\n").batch
        #expect(throws: IngestRejected.self) {
            try store.ingest(changed, file: "relabel.csv", fileSHA256: "r", actor: "t", relabel: false)
        }
        let relabelled = try store.ingest(changed, file: "relabel.csv", fileSHA256: "r", actor: "t", relabel: true)
        #expect(relabelled.relabelled == 1)
        let stored = try store.load(DayRange(from: Day("2026-03-01")!, to: Day("2026-03-01")!), labelledOnly: true)
        #expect(stored.count == 1 && stored.labels[0] == 2)
        let entries = try ModelRegistry(database: database).history().filter { $0.action == "ingest" }
        #expect(entries.count == 3)
        #expect(entries.last?.reason?.contains("relabel") == true)
    }

    @Test("a stored key with different features rejects the whole file")
    func conflictingFeatures() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let store = ObservationStore(database: database)
        _ = try store.ingest(parse(IngestTests.header + "\n" + IngestTests.row("C1", "2026-03-01") + "\n").batch, file: "a.csv",
                             fileSHA256: "a", actor: "t", relabel: false)
        let second = parse(IngestTests.header + "\n" + IngestTests.row("C9", "2026-03-02") + "\n" + IngestTests.row("C1", "2026-03-01", score: "650") + "\n").batch
        do {
            _ = try store.ingest(second, file: "b.csv", fileSHA256: "b", actor: "t", relabel: false)
            Issue.record("expected rejection")
        } catch let rejected as IngestRejected {
            #expect(rejected.violations.first[0].line == 3)
            #expect(rejected.violations.first[0].column == "credit_score")
            #expect(rejected.description.contains("already stored with different features"))
        }
        #expect(try count(database) == 1)  // C9 was not stored either
    }

    @Test("score: per-line errors, other lines scored, exit non-zero")
    func scoreCommand() throws {
        let workspace = try TestWorkspace()
        let database = try workspace.database()
        let (batch, _) = Fixtures.simulate(.stable, customers: 1500, days: 70)
        try Fixtures.ingest(batch, into: database)
        try Fixtures.train(database, config: workspace.config, asOf: Fixtures.start + 69)
        let good = #"{"customer_id":"A","credit_access_sessions":5,"applications_submitted":1,"monitoring_sessions":1,"score_simulator_runs":0,"builder_product_payments":0,"open_credit_lines":1,"utilization_ratio":0.3,"on_time_payment_rate":0.9,"credit_score":640,"balance_transfer_views":0,"email_engagement_rate":0.3,"tenure_days":100}"#
        let input = good + "\n" + #"{"customer_id":"B","credit_score":700}"# + "\n" + good.replacingOccurrences(of: "640", with: "\"x\"") + "\n"
        let path = try workspace.file("in.jsonl", input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(TestPaths.executable) score --db \(workspace.databasePath) < \(path)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let first = try JSONDecoder().decode(JSONValue.self, from: Data(lines[0].utf8))
        #expect(first["segment"]?.stringValue == "acquirer")
        #expect(first["probabilities"]?.objectValue?.count == 3)
        #expect(lines[1].contains("\"line\":2") && lines[1].contains("missing feature 'credit_access_sessions'"))
        #expect(lines[2].contains("\"line\":3") && lines[2].contains("is not a number"))
    }
}

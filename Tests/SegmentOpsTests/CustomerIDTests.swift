import Foundation
import GRDB
import SegmentModel
import SegmentStore
import Testing

@Suite("Customer ids are stored exactly as given, or refused with a reason")
struct CustomerIDTests {
    private func parse(_ rows: [String]) -> ObservationCSVParser.Result {
        let text = IngestTests.header + "\n" + rows.joined(separator: "\n") + "\n"
        return ObservationCSVParser(schema: .standard).parse(Array(text.utf8), file: "ids.csv")
    }

    @Test("refused ids name file, line, column and reason", arguments: [
        ("NUL inside", "NUL1\u{0}X", "control character U+0000"),
        ("other C0", "C\u{1B}1", "control character U+001B"),
        ("DEL", "C\u{7F}1", "control character U+007F"),
        ("C1 control", "C\u{85}1", "control character U+0085"),
        ("BOM at a data row's start", "\u{FEFF}C2", "byte-order mark"),
        ("only spaces", "   ", "only white space"),
        ("only a tab", "\t", "control character U+0009"),
        ("no-break spaces only", "\u{A0}\u{A0}", "only white space"),
        ("trailing space", "C3 ", "leading or trailing white space"),
        ("decomposed accent", "Cafe\u{301}", "normalization form C"),
        ("too long", String(repeating: "x", count: 129), "longer than 128 bytes"),
    ] as [(String, String, String)])
    func refused(_ name: String, _ id: String, _ reason: String) throws {
        let result = parse([IngestTests.row("OK1", "2026-03-01"), IngestTests.row(id, "2026-03-01")])
        let first = try #require(result.violations.first.first, "\(name) was accepted")
        #expect(first.line == 3 && first.column == "customer_id", "\(name): \(first)")
        #expect(first.description.contains("ids.csv:3 column 'customer_id'") && first.description.contains(reason), "\(name): \(first)")
    }

    @Test("accepted ids keep every byte: accents (composed), symbols, inner spaces, a BOM at the file's start")
    func accepted() throws {
        let ids = ["Café-7", "客户 42", "a/b?c=d", "C 1", "ünïcødé"]
        let text = "\u{FEFF}" + IngestTests.header + "\n" + ids.map { IngestTests.row($0, "2026-03-01") }.joined(separator: "\n") + "\n"
        let result = ObservationCSVParser(schema: .standard).parse(Array(text.utf8), file: "ids.csv")
        #expect(result.violations.isEmpty, "\(result.violations.report)")
        let database = try SegmentDatabase.inMemory()
        try Fixtures.ingest(result.batch, into: database)
        let stored = try database.writer.read { db in try Data.fetchAll(db, sql: "SELECT CAST(customer_id AS BLOB) FROM observation").map { [UInt8]($0) } }
        #expect(Set(stored) == Set(ids.map { Array($0.utf8) }))
    }

    @Test("a conflicting key within one batch names the earlier row, never a batch that does not exist")
    func conflictMessage() throws {
        let database = try SegmentDatabase.inMemory()
        var batch = ObservationBatch(featureCount: 12)
        let features = [Double](repeating: 1, count: 12)
        batch.append(customerID: "C1", day: Day("2026-03-01")!, features: features, label: -1, line: 2)
        batch.append(customerID: "C1", day: Day("2026-03-01")!, features: features.map { $0 + 1 }, label: -1, line: 3)
        do {
            try Fixtures.ingest(batch, into: database)
            Issue.record("the conflicting batch was stored")
        } catch let rejected as IngestRejected {
            let text = rejected.description
            #expect(text.contains("from an earlier row of this file") && !text.contains("ingest batch"), "\(text)")
        }
        #expect(try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ingest_batch") } == 0)
    }
}

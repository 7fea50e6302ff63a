import Foundation
import SegmentStore

/// Writes a command's result: pretty JSON with sorted keys in `--json` mode, text otherwise.
struct Output {
    let json: Bool

    func emit(_ value: some Encodable) throws {
        let data = try JSONEncoderFactory.pretty().encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    func line(_ text: String = "") {
        print(text)
    }

    /// A progress message for people: on standard error, only on a terminal and never in JSON mode.
    func progress(_ text: String) {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func endProgress() {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

/// A plain text table with aligned columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        var lines = [indent + format(header), indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map { indent + format($0) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Number formatting for text output.
enum Fmt {
    static func f(_ v: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", v) }
    static func pct(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f%%", v * 100) }
    static func v(_ version: Int?) -> String { version.map { "v\($0)" } ?? "none" }
    static func signed(_ v: Double, _ digits: Int = 4) -> String { String(format: "%+.\(digits)f", v) }
}

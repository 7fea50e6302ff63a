import Foundation

/// An executor that can stream rows into a table with COPY (PostgreSQL), inside the current transaction.
public protocol SQLBulkCopier: SQLExecutor {
    /// Copies `rowCount` rows into `table` (plain identifiers: the driver quotes them); `writeRow` writes row `i`'s fields.
    func copy(into table: String, columns: [String], rowCount: Int,
              _ writeRow: (Int, inout CopyRowWriter) -> Void) throws
}

/// Builds COPY's text format: fields separated by tabs, rows by newlines, `\N` for NULL, and backslash, tab,
/// newline and carriage return escaped.
public struct CopyRowWriter {
    public private(set) var bytes: [UInt8] = []
    private var first = true

    public init() { bytes.reserveCapacity(1 << 20) }

    private mutating func separate() {
        if !first { bytes.append(0x09) }
        first = false
    }

    public mutating func text(_ value: String?) {
        separate()
        guard let value else {
            bytes.append(contentsOf: [0x5C, 0x4E])
            return
        }
        for b in value.utf8 {
            switch b {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            default: bytes.append(b)
            }
        }
    }

    /// A double in the shortest text that reads back to the same bits.
    public mutating func double(_ value: Double) {
        separate()
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Bytes in PostgreSQL's hex form for bytea.
    public mutating func blob(_ value: Data?) {
        guard let value else { return text(nil) }
        separate()
        bytes.append(contentsOf: [0x5C, 0x5C, 0x78])
        let digits = Array("0123456789abcdef".utf8)
        for b in value {
            bytes.append(digits[Int(b >> 4)])
            bytes.append(digits[Int(b & 0x0F)])
        }
    }

    /// Any stored value in the column's text form.
    public mutating func value(_ value: SQLValue) {
        switch value {
        case .null: text(nil)
        case .int(let v): int(v)
        case .double(let v): double(v)
        case .text(let v): text(v)
        case .blob(let v): blob(v)
        }
    }

    public mutating func int(_ value: Int?) {
        separate()
        if let value { bytes.append(contentsOf: String(value).utf8) } else { bytes.append(contentsOf: [0x5C, 0x4E]) }
    }

    /// Ends the row.
    public mutating func endRow() {
        bytes.append(0x0A)
        first = true
    }

    /// Hands over what is written so far and starts again.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}

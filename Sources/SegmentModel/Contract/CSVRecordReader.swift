/// Splits RFC 4180 CSV bytes into records of fields: comma separated, `"` quoting with `""` escapes, LF or CRLF
/// line ends, quoted fields may span lines. Fields are slices of the input unless they had to be unescaped.
public struct CSVRecordReader {
    public enum Problem: Error, Equatable {
        case unterminatedQuote(line: Int)
        case strayQuote(line: Int, field: Int)
    }

    private let bytes: [UInt8]
    private var position: Int
    /// 1-based line number where the next record starts.
    public private(set) var line = 1

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is not part of the first column name.
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Bytes consumed so far (for progress reports).
    public var offset: Int { position }

    /// Reads the next record into `fields`; returns its first line number, or nil at the end of input.
    public mutating func next(into fields: inout [ArraySlice<UInt8>]) throws(Problem) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard position < bytes.count else { return nil }
        let startLine = line
        let end = bytes.count
        while true {
            if position < end && bytes[position] == CSVRecordReader.quote {
                fields.append(try quotedField(startLine: startLine, index: fields.count))
            } else {
                let start = position
                while position < end {
                    let b = bytes[position]
                    if b == CSVRecordReader.comma || b == CSVRecordReader.lf { break }
                    if b == CSVRecordReader.quote { throw .strayQuote(line: line, field: fields.count + 1) }
                    position += 1
                }
                var stop = position
                if (position >= end || bytes[position] == CSVRecordReader.lf), stop > start,
                   bytes[stop - 1] == CSVRecordReader.cr {
                    stop -= 1
                }
                fields.append(bytes[start..<stop])
            }
            if position >= end { return startLine }
            let b = bytes[position]
            position += 1
            if b == CSVRecordReader.lf {
                line += 1
                return startLine
            }
            if b == CSVRecordReader.cr, position < end, bytes[position] == CSVRecordReader.lf {
                position += 1
                line += 1
                return startLine
            }
        }
    }

    private mutating func quotedField(startLine: Int, index: Int) throws(Problem) -> ArraySlice<UInt8> {
        position += 1
        var value = [UInt8]()
        let end = bytes.count
        while position < end {
            let b = bytes[position]
            if b == CSVRecordReader.quote {
                if position + 1 < end && bytes[position + 1] == CSVRecordReader.quote {
                    value.append(CSVRecordReader.quote)
                    position += 2
                    continue
                }
                position += 1
                // After the closing quote only a separator, a line end or the end of input may follow.
                if position < end {
                    let next = bytes[position]
                    let crlf = next == CSVRecordReader.cr && position + 1 < end && bytes[position + 1] == CSVRecordReader.lf
                    guard next == CSVRecordReader.comma || next == CSVRecordReader.lf || crlf else {
                        throw .strayQuote(line: line, field: index + 1)
                    }
                }
                return value[...]
            }
            if b == CSVRecordReader.lf { line += 1 }
            value.append(b)
            position += 1
        }
        throw .unterminatedQuote(line: startLine)
    }
}

extension CSVRecordReader {
    /// After a problem, resumes at the start of the next line.
    public mutating func skipToNextLine() {
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == CSVRecordReader.lf {
                line += 1
                return
            }
        }
    }
}

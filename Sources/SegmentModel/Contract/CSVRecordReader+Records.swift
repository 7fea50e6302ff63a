extension CSVRecordReader {
    /// The next readable record's first line, skipping blank lines; a record that cannot be read is reported to
    /// `problem` (line, 1-based field when known, reason) and skipped. Nil at the end of input.
    public mutating func nextRecord(into fields: inout [ArraySlice<UInt8>],
                                    _ problem: (_ line: Int, _ field: Int?, _ reason: String) -> Void) -> Int? {
        while true {
            do {
                guard let line = try next(into: &fields) else { return nil }
                if fields.count == 1 && fields[0].isEmpty { continue }  // blank line
                return line
            } catch {
                switch error {
                case .unterminatedQuote(let l): problem(l, nil, "a quoted field is never closed")
                case .strayQuote(let l, let f):
                    problem(l, f, "a quote inside an unquoted field; quote the whole field and double inner quotes")
                    skipToNextLine()
                }
            }
        }
    }
}

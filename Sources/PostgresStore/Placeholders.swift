import Synchronization

/// Numbers the `?` placeholders of backend-neutral SQL for PostgreSQL (`$1`, `$2`, …) as SQLite numbers them: `?N`
/// is `$N`, and a bare `?` is one past the largest number so far. Quoted strings, quoted identifiers and comments are
/// left alone. Each distinct statement is rewritten once.
enum Placeholders {
    private static let cache = Mutex<[String: String]>([:])

    static func numbered(_ sql: String) -> String {
        if let hit = cache.withLock({ $0[sql] }) { return hit }
        let rewritten = rewrite(sql)
        cache.withLock { if $0.count < 4096 { $0[sql] = rewritten } }
        return rewritten
    }

    static func rewrite(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        var lineComment = false
        var previous: Character = " "
        var pendingNumber: String?
        func flush() {
            guard let digits = pendingNumber else { return }
            if digits.isEmpty {
                n += 1
                out += "$\(n)"
            } else {
                n = max(n, Int(digits) ?? n)
                out += "$" + digits
            }
            pendingNumber = nil
        }
        for c in sql {
            if pendingNumber != nil {
                if c.isASCII && c.isNumber {
                    pendingNumber!.append(c)
                    continue
                }
                flush()
            }
            if lineComment {
                if c == "\n" { lineComment = false }
            } else if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "-" && previous == "-" {
                lineComment = true
            } else if c == "?" {
                pendingNumber = ""
                previous = c
                continue
            }
            out.append(c)
            previous = c
        }
        flush()
        return out
    }
}

import Synchronization

/// Numbers the `?` placeholders of backend-neutral SQL for PostgreSQL (`$1`, `$2`, …), leaving quoted strings,
/// quoted identifiers, dollar-quoted bodies and comments alone. Each distinct statement is rewritten once.
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
        for c in sql {
            if lineComment {
                if c == "\n" { lineComment = false }
            } else if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "-" && previous == "-" {
                lineComment = true
            } else if c == "?" {
                n += 1
                out += "$\(n)"
                previous = c
                continue
            }
            out.append(c)
            previous = c
        }
        return out
    }
}

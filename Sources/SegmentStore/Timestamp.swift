import Foundation
import SegmentModel

/// UTC timestamps as stored and printed: `2026-11-23T02:00:00.000Z` (ISO 8601, milliseconds, sortable as text).
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        // To the nearest millisecond: a time read from its text (the nearest double) writes back as the same text.
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Int(floorDiv(millis, 1000)), ms = Int(millis - Int64(seconds) * 1000)
        let day = Day(index: floorDiv(seconds, 86400))
        let secondOfDay = seconds - day.index * 86400
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(day)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(ms, 3))Z"
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM`, or a space instead of `T`.
    /// A date alone means its start (00:00 UTC).
    public static func parse(_ text: String) -> Date? {
        if let stored = parseStored(text) { return stored }
        let t = text.trimmingCharacters(in: .whitespaces)
        if let day = Day(t) { return Date(timeIntervalSince1970: Double(day.index) * 86400) }
        let pattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/
        guard let m = try? pattern.wholeMatch(in: t), let day = Day(m.1),
              let h = Int(m.2), let mi = Int(m.3), h < 24, mi < 60 else { return nil }
        let s = m.4.flatMap { Int($0) } ?? 0
        guard s < 61 else { return nil }
        var fraction = 0.0
        if let f = m.5 { fraction = Double("0." + f) ?? 0 }
        var offset = 0
        if let zone = m.6, zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            guard digits.count == 4, let oh = Int(digits.prefix(2)), let om = Int(digits.suffix(2)) else { return nil }
            offset = (oh * 3600 + om * 60) * (zone.first == "-" ? -1 : 1)
        }
        let seconds = Double(day.index * 86400 + h * 3600 + mi * 60 + s - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// The stored form `YYYY-MM-DDTHH:MM:SS.fffZ` without a regular expression (pages parse hundreds of them).
    static func parseStored(_ text: String) -> Date? {
        let utf8 = text.utf8
        guard utf8.count == 24 else { return nil }
        return utf8.withContiguousStorageIfAvailable { b -> Date? in
            guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E, b[23] == 0x5A else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var v = 0
                for i in from..<(from + count) {
                    let d = Int(b[i]) - 0x30
                    guard (0...9).contains(d) else { return nil }
                    v = v * 10 + d
                }
                return v
            }
            guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2),
                  let mi = number(14, 2), let s = number(17, 2), let ms = number(20, 3),
                  let day = Day(year: y, month: mo, day: d), h < 24, mi < 60, s < 61 else { return nil }
            return Date(timeIntervalSince1970: Double(day.index * 86400 + h * 3600 + mi * 60 + s) + Double(ms) / 1000)
        } ?? nil
    }

    public static func day(of date: Date) -> Day { Day(index: floorDiv(Int(date.timeIntervalSince1970.rounded(.down)), 86400)) }

    static func floorDiv<T: BinaryInteger>(_ a: T, _ b: T) -> T {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

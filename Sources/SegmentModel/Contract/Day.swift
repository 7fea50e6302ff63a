/// A calendar date (UTC) as a count of days since 1970-01-01.
///
/// Observations are keyed by `as_of` calendar dates; windows are closed day ranges. Keeping dates as integers makes
/// the window rule exact and cheap, and `description` gives back the `YYYY-MM-DD` text of the data contract.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let index: Int

    public init(index: Int) { self.index = index }

    /// Builds a day from a proleptic Gregorian year, month (1–12) and day of month; nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.index = era * 146_097 + doe - 719_468
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else, including impossible dates such as 2026-02-30.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let parsed = Day.parse(bytes[...]) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from raw UTF-8 bytes.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Day? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// Parses `YYYY-MM-DD` from raw UTF-8 bytes, without copying them.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10 else { return nil }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(b[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return Day(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((index % 7) + 7 + 3) % 7 }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.index < rhs.index }
    public static func + (lhs: Day, rhs: Int) -> Day { Day(index: lhs.index + rhs) }
    public static func - (lhs: Day, rhs: Int) -> Day { Day(index: lhs.index - rhs) }
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.index - rhs.index }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected a date YYYY-MM-DD, got '\(text)'"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A closed range of days, both ends included, as the window rules are written.
public struct DayRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public let from: Day
    public let to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    /// The `length` days ending at `end`, inclusive.
    public init(ending end: Day, length: Int) {
        self.init(from: end - (length - 1), to: end)
    }

    public var dayCount: Int { max(0, to - from + 1) }
    public var isEmpty: Bool { to < from }
    public func contains(_ day: Day) -> Bool { day >= from && day <= to }
    public var description: String { "\(from)…\(to)" }
}

import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week) evaluated in a time zone.
///
/// Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists `a,b,c`; months and weekdays also take
/// three-letter names; Sunday is 0 or 7. As in Vixie cron, when both day fields are restricted a day matches
/// if either does.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public struct ParseError: Error, CustomStringConvertible {
        public let expression: String
        public let reason: String
        public var description: String {
            "invalid cron expression '\(expression)': \(reason) (expected 5 fields: minute hour day-of-month month day-of-week, e.g. '0 2 * * *')"
        }
    }

    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let dayOfMonthRestricted: Bool
    let weekdayRestricted: Bool

    public init(_ expression: String) throws {
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(expression: expression, reason: "found \(fields.count) fields")
        }
        func parse(_ index: Int, _ name: String, _ range: ClosedRange<Int>, names: [String] = []) throws -> Set<Int> {
            do {
                return try CronSchedule.field(fields[index], range: range, names: names)
            } catch let error as CronFieldError {
                throw ParseError(expression: expression, reason: "\(name) field '\(fields[index])': \(error.reason)")
            }
        }
        self.expression = expression
        minutes = try parse(0, "minute", 0...59)
        hours = try parse(1, "hour", 0...23)
        daysOfMonth = try parse(2, "day-of-month", 1...31)
        months = try parse(3, "month", 1...12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                                       "sep", "oct", "nov", "dec"])
        let dow = try parse(4, "day-of-week", 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"])
        weekdays = Set(dow.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        weekdayRestricted = !fields[4].hasPrefix("*")
    }

    public var description: String { expression }

    static func field(_ text: String, range: ClosedRange<Int>, names: [String]) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw CronFieldError("too many '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw CronFieldError("step '\(pieces[1])' is not a positive number") }
                step = s
            }
            var lo = range.lowerBound, hi = range.upperBound
            if pieces[0] != "*" {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw CronFieldError("bad range '\(pieces[0])'") }
                func value(_ s: Substring) throws -> Int {
                    if let v = Int(s) { return v }
                    let offset = range.lowerBound == 0 ? 0 : 1
                    if let i = names.firstIndex(of: s.lowercased()) { return i + offset }
                    throw CronFieldError("'\(s)' is not a number")
                }
                lo = try value(bounds[0])
                hi = bounds.count == 2 ? try value(bounds[1]) : (pieces.count == 2 ? range.upperBound : lo)
            }
            guard range.contains(lo), range.contains(hi) else { throw CronFieldError("values must be within \(range.lowerBound)-\(range.upperBound)") }
            guard lo <= hi else { throw CronFieldError("range \(lo)-\(hi) runs backwards") }
            values.formUnion(stride(from: lo, through: hi, by: step))
        }
        return values
    }

    func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        let dom = daysOfMonth.contains(dayOfMonth), dow = weekdays.contains(weekday)
        if dayOfMonthRestricted && weekdayRestricted { return dom || dow }
        return dom && dow
    }

    /// The first time strictly after `date` that matches, in `timeZone`; nil if none within five years.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var t = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let limit = date.addingTimeInterval(5 * 366 * 86400)
        while t < limit {
            let c = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: t)
            guard let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute,
                  let weekday = c.weekday else { return nil }
            if !months.contains(month) || !matchesDay(dayOfMonth: day, weekday: weekday - 1) {
                guard let nextDay = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: t)) else { return nil }
                t = nextDay
            } else if !hours.contains(hour) {
                t = t.addingTimeInterval(Double(60 - minute) * 60)
            } else if !minutes.contains(minute) {
                t = t.addingTimeInterval(60)
            } else {
                return t
            }
        }
        return nil
    }

    /// The latest matching time at or before `date` (searching back up to `horizon` seconds).
    public func previous(atOrBefore date: Date, in timeZone: TimeZone, horizon: TimeInterval = 8 * 86400) -> Date? {
        var candidate: Date?
        var t = date.addingTimeInterval(-horizon)
        while let n = next(after: t, in: timeZone), n <= date {
            candidate = n
            t = n
        }
        return candidate
    }
}

/// Why one cron field does not parse.
struct CronFieldError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore

/// A calendar date argument, `YYYY-MM-DD`.
public struct DayArgument: ExpressibleByArgument, Sendable {
    public let day: Day
    public init?(argument: String) {
        guard let day = Day(argument) else { return nil }
        self.day = day
    }
    public static var defaultValueDescription: String { "YYYY-MM-DD" }
}

/// A model version argument: `3` or `v3`.
public struct VersionArgument: ExpressibleByArgument, Sendable {
    public let number: Int
    public init?(argument: String) {
        let digits = argument.hasPrefix("v") || argument.hasPrefix("V") ? String(argument.dropFirst()) : argument
        guard let n = Int(digits), n > 0 else { return nil }
        number = n
    }
    public init(_ number: Int) { self.number = number }
}

/// A point in time: a date (`2026-11-23`, its start in UTC) or an ISO timestamp (`2026-11-23T02:00:00Z`).
public struct TimestampArgument: ExpressibleByArgument, Sendable {
    public let date: Date
    public init?(argument: String) {
        guard let date = Timestamp.parse(argument) else { return nil }
        self.date = date
    }
}

import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// How stable the segments customers live with are: the confirmed segment (what downstream tools act on) against the
/// raw daily argmax of whichever version scored each observation.
public struct SegmentStability: Sendable {
    public let database: any StoreBackend
    public init(database: any StoreBackend) { self.database = database }

    public struct Week: Sendable, Codable, Equatable {
        public let from: Day
        public let customers: Int
        /// Share of customers whose confirmed segment changed during the week, and whose raw segment did.
        public let confirmedChurn: Double
        public let rawChurn: Double
        /// The same, by the segment customers were in when the week began.
        public let confirmedChurnBySegment: [String: Double]
        public let rawChurnBySegment: [String: Double]

        enum CodingKeys: String, CodingKey {
            case from, customers
            case confirmedChurn = "confirmed_churn"
            case rawChurn = "raw_churn"
            case confirmedChurnBySegment = "confirmed_churn_by_segment"
            case rawChurnBySegment = "raw_churn_by_segment"
        }
    }

    public struct Report: Sendable, Codable, Equatable {
        public let from: Day?
        public let to: Day?
        public let customers: Int
        public let confirmedChanges: Int
        public let rawChanges: Int
        /// Changes per 1,000 customers per 30 days.
        public let confirmedVelocity: Double
        public let rawVelocity: Double
        /// A → B → A within 28 days.
        public let flipFlops: Int
        public let rawFlipFlops: Int
        /// Median days a confirmed segment lasted before it changed (nil without changes).
        public let medianDwellDays: Double?
        public let weeks: [Week]
        /// `transitions[month][from][to]` of confirmed changes.
        public let transitions: [String: [String: [String: Int]]]

        enum CodingKeys: String, CodingKey {
            case from, to, customers, weeks, transitions
            case confirmedChanges = "confirmed_changes"
            case rawChanges = "raw_changes"
            case confirmedVelocity = "confirmed_velocity"
            case rawVelocity = "raw_velocity"
            case flipFlops = "flip_flops"
            case rawFlipFlops = "raw_flip_flops"
            case medianDwellDays = "median_dwell_days"
        }
    }

    /// A (day, from, to) change of one customer.
    struct Change {
        let day: Day
        let from: String
        let to: String
    }

    public func report() throws -> Report {
        let (confirmed, raw, starts, customers) = try database.read { db in
            (try confirmedChanges(db), try rawChanges(db), try firstConfirmations(db),
             try db.value("SELECT COUNT(*) FROM customer_segment WHERE segment IS NOT NULL", as: Int.self) ?? 0)
        }
        let allDays = (confirmed.values.flatMap { $0.map(\.day) } + starts.values.map(\.day) + raw.values.flatMap { $0.map(\.day) })
        guard let first = allDays.min(), let last = allDays.max() else {
            return Report(from: nil, to: nil, customers: customers, confirmedChanges: 0, rawChanges: 0, confirmedVelocity: 0,
                          rawVelocity: 0, flipFlops: 0, rawFlipFlops: 0, medianDwellDays: nil, weeks: [], transitions: [:])
        }
        let span = Double(max(1, last - first + 1))
        func velocity(_ n: Int) -> Double { customers > 0 ? Double(n) / Double(customers) / span * 30 * 1000 : 0 }
        let nConfirmed = confirmed.values.reduce(0) { $0 + $1.count }, nRaw = raw.values.reduce(0) { $0 + $1.count }
        var transitions = [String: [String: [String: Int]]]()
        var dwell = [Double]()
        for (customer, changes) in confirmed {
            var since = starts[customer]?.day
            for c in changes {
                let month = String(c.day.description.prefix(7))
                transitions[month, default: [:]][c.from, default: [:]][c.to, default: 0] += 1
                if let s = since { dwell.append(Double(c.day - s)) }
                since = c.day
            }
        }
        dwell.sort()
        let median = dwell.isEmpty ? nil : (dwell[(dwell.count - 1) / 2] + dwell[dwell.count / 2]) / 2
        return Report(from: first, to: last, customers: customers, confirmedChanges: nConfirmed, rawChanges: nRaw,
                      confirmedVelocity: velocity(nConfirmed), rawVelocity: velocity(nRaw),
                      flipFlops: SegmentStability.flipFlops(confirmed), rawFlipFlops: SegmentStability.flipFlops(raw),
                      medianDwellDays: median, weeks: weeks(first: first, last: last, confirmed: confirmed, raw: raw, starts: starts),
                      transitions: transitions)
    }

    /// Weekly churn: for each week, customers confirmed when it began, and the share whose segment changed in it.
    func weeks(first: Day, last: Day, confirmed: [String: [Change]], raw: [String: [Change]],
               starts: [String: Change]) -> [Week] {
        var out = [Week]()
        var week = first
        while week <= last {
            let end = week + 6
            var total = [String: Int](), moved = [String: Int](), rawMoved = [String: Int]()
            for (customer, start) in starts where start.day < week {
                let history = confirmed[customer] ?? []
                let segment = history.last { $0.day < week }?.to ?? start.to
                total[segment, default: 0] += 1
                if history.contains(where: { $0.day >= week && $0.day <= end }) { moved[segment, default: 0] += 1 }
                if (raw[customer] ?? []).contains(where: { $0.day >= week && $0.day <= end }) { rawMoved[segment, default: 0] += 1 }
            }
            let n = total.values.reduce(0, +)
            if n > 0 {
                func share(_ counts: [String: Int]) -> Double { Double(counts.values.reduce(0, +)) / Double(n) }
                func bySegment(_ counts: [String: Int]) -> [String: Double] {
                    total.reduce(into: [:]) { out, entry in out[entry.key] = Double(counts[entry.key] ?? 0) / Double(entry.value) }
                }
                out.append(Week(from: week, customers: n, confirmedChurn: share(moved), rawChurn: share(rawMoved),
                                confirmedChurnBySegment: bySegment(moved), rawChurnBySegment: bySegment(rawMoved)))
            }
            week = week + 7
        }
        return out
    }

    static func flipFlops(_ changes: [String: [Change]]) -> Int {
        changes.values.reduce(0) { total, list in
            total + zip(list, list.dropFirst()).filter { a, b in b.to == a.from && b.day - a.day <= 28 }.count
        }
    }

    func confirmedChanges(_ db: any SQLExecutor) throws -> [String: [Change]] {
        var out = [String: [Change]]()
        for row in try db.rows("""
            SELECT customer_id, as_of, from_segment, to_segment FROM segment_event
            WHERE type = 'segment.changed' AND from_segment IS NOT NULL ORDER BY id
            """) {
            guard let day = Day(row[1] as String) else { continue }
            out[row[0], default: []].append(Change(day: day, from: row[2], to: row[3]))
        }
        return out
    }

    func firstConfirmations(_ db: any SQLExecutor) throws -> [String: Change] {
        var out = [String: Change]()
        for row in try db.rows("""
            SELECT customer_id, as_of, to_segment FROM segment_event WHERE type = 'segment.changed' AND from_segment IS NULL
            """) {
            guard let day = Day(row[1] as String) else { continue }
            out[row[0]] = Change(day: day, from: "", to: row[2])
        }
        return out
    }

    /// Changes of the raw argmax between a customer's consecutive observations (each scored by the version that
    /// served when it arrived: the first entry of its day in the book).
    func rawChanges(_ db: any SQLExecutor) throws -> [String: [Change]] {
        var out = [String: [Change]]()
        var last = [String: String]()
        for row in try db.rows("""
            SELECT customer_id, as_of, segment FROM segment_book b
            WHERE scored_at = (SELECT MIN(scored_at) FROM segment_book f WHERE f.customer_id = b.customer_id AND f.as_of = b.as_of)
            ORDER BY customer_id, as_of
            """) {
            let customer: String = row[0], segment: String = row[2]
            guard let day = Day(row[1] as String) else { continue }
            if let previous = last[customer], previous != segment {
                out[customer, default: []].append(Change(day: day, from: previous, to: segment))
            }
            last[customer] = segment
        }
        return out
    }
}

import ArgumentParser
import Foundation
import SegmentModel
import SegmentStore
import Segments

struct SegmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Confirmed segments: their status, the change feed, customers in transition, stability, the storm hold.",
        discussion: """
            A customer's confirmed segment changes only on sustained evidence (a CUSUM on the log-odds of each \
            other segment, see README); changes and transition flags are events of the change feed, delivered to \
            segment_tracking.feed.destinations and readable at GET /v1/segment-events.
            """,
        subcommands: [SegmentsStatusCommand.self, SegmentsChangesCommand.self, SegmentsMovingCommand.self,
                      SegmentsStabilityCommand.self, SegmentsReleaseCommand.self, SegmentsUpdateCommand.self,
                      SegmentsDeliverCommand.self],
        defaultSubcommand: SegmentsStatusCommand.self)
}

struct SegmentsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status",
                                                    abstract: "Confirmed and provisional customers, open flags, the storm hold, the feed's outbox.")
    @OptionGroup var global: GlobalOptions

    struct Result: Encodable {
        let confirmed: Int
        let provisional: Int
        let flagged: Int
        let processedThrough: Day?
        let hold: SegmentHold?
        let feed: [Destination]
        struct Destination: Encodable {
            let name: String
            let pendingBatches: Int
            let pendingEvents: Int
            let deadBatches: Int
            enum CodingKeys: String, CodingKey {
                case name
                case pendingBatches = "pending_batches"
                case pendingEvents = "pending_events"
                case deadBatches = "dead_batches"
            }
        }
        enum CodingKeys: String, CodingKey {
            case confirmed, provisional, flagged, hold, feed
            case processedThrough = "processed_through"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let database = try context.database()
        let store = SegmentStateStore(database: database)
        let counts = try store.counts()
        let depth = try FeedOutboxStore(database: database).depth()
        let result = Result(confirmed: counts.confirmed, provisional: counts.provisional, flagged: counts.flagged,
                            processedThrough: try store.processedThrough(), hold: try SegmentHold.current(database),
                            feed: depth.map { .init(name: $0.destination, pendingBatches: $0.pending, pendingEvents: $0.events, deadBatches: $0.dead) })
        if global.json { return try context.output.emit(result) }
        Console.out("customers    \(result.confirmed) confirmed, \(result.provisional) provisional, \(result.flagged) with an open transition flag")
        Console.out("processed    through \(result.processedThrough?.description ?? "nothing yet")")
        if let hold = result.hold {
            Console.out("HELD         since \(hold.since): v\(hold.version) would change \(hold.changes) of \(hold.confirmed) confirmed customers"
                        + (hold.releasedBy.map { " — released by \($0), applies at the next nightly run" } ?? " — release with `segmentops segments release --reason TEXT` or roll back"))
        }
        for d in result.feed {
            Console.out("feed         \(d.name): \(d.pendingBatches) batches (\(d.pendingEvents) events) pending, \(d.deadBatches) dead")
        }
    }
}

struct SegmentsChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "changes", abstract: "Confirmed changes and transition flags, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only events with as_of on or after this day.") var since: DayArgument?
    @Option(name: .long, help: "changed, transition_started or transition_cleared (repeatable).") var kind: [String] = []
    @Option(name: .long, help: "Only this customer.") var customer: String?
    @Option(name: .long, help: "At most this many.") var limit: Int = 1000

    struct Change: Encodable {
        let customerID: String
        let asOf: Day
        let kind: String
        let from: String?
        let to: String?
        let modelVersion: Int?
        let reason: String
        enum CodingKeys: String, CodingKey {
            case kind, from, to, reason
            case customerID = "customer_id"
            case asOf = "as_of"
            case modelVersion = "model_version"
        }

        /// Every key present, `null` where there is no value (a first confirmation has no `from`).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(customerID, forKey: .customerID)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(kind, forKey: .kind)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(modelVersion, forKey: .modelVersion)
            try c.encode(reason, forKey: .reason)
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let kinds = try kind.map { text -> SegmentEventRecord.Kind in
            guard let k = SegmentEventRecord.Kind(short: text) else {
                throw ValidationError("--kind \(text): use changed, transition_started or transition_cleared")
            }
            return k
        }
        let events = try SegmentStateStore(database: try context.database())
            .events(since: since?.day, kinds: kinds, customer: customer, limit: limit)
        let changes = events.map { Change(customerID: $0.customerID, asOf: $0.asOf, kind: $0.kind.short, from: $0.from,
                                          to: $0.to, modelVersion: $0.modelVersion, reason: $0.reason) }
        if global.json { return try context.output.emit(changes) }
        guard !changes.isEmpty else { return Console.out("no segment events" + (since.map { " since \($0.day)" } ?? "")) }
        var table = TextTable(["as_of", "customer", "kind", "from", "to", "version", "reason"])
        for c in changes {
            table.add([c.asOf.description, c.customerID, c.kind, c.from ?? "-", c.to ?? "-", c.modelVersion.map { "v\($0)" } ?? "-", c.reason])
        }
        Console.out(table.render())
    }
}

struct SegmentsMovingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "moving",
                                                    abstract: "Customers with an open transition flag, strongest evidence first (the cross-sell list).")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only customers moving toward this segment.") var toward: String?
    @Option(name: .long, help: "At most this many.") var limit: Int = 100

    struct Moving: Encodable {
        let customerID: String
        let segment: String?
        let toward: String
        let since: Day?
        let evidence: Double
        enum CodingKeys: String, CodingKey {
            case segment, toward, since, evidence
            case customerID = "customer_id"
        }
    }

    func run() async throws {
        let context = try CommandContext(global)
        let segments = context.config.schema.segments
        if let toward, !segments.contains(toward) { throw CLIError(SegmentsError.unknownSegment(toward, known: segments).description) }
        let tracks = try SegmentStateStore(database: try context.database()).moving(toward: toward, limit: limit)
        let list = tracks.compactMap { s -> Moving? in
            guard let flag = s.track.flag else { return nil }
            return Moving(customerID: s.customerID, segment: s.track.confirmed.map { segments[$0] }, toward: segments[flag],
                          since: s.track.flagSince, evidence: s.track.evidence[flag])
        }
        if global.json { return try context.output.emit(list) }
        guard !list.isEmpty else { return Console.out("no customer has an open transition flag" + (toward.map { " toward \($0)" } ?? "")) }
        var table = TextTable(["customer", "confirmed", "toward", "since", "evidence"], rightAligned: [4])
        for m in list { table.add([m.customerID, m.segment ?? "-", m.toward, m.since?.description ?? "-", Fmt.f(m.evidence, 2)]) }
        Console.out(table.render())
    }
}

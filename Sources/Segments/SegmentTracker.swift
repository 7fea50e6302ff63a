import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// The nightly update of confirmed segments: every observation not folded in yet, scored by the production
/// version, through `SegmentEvidence`; the resulting changes become feed events and outbox batches in the same
/// transaction.
///
/// Two guards: while a critical data-drift alert fires (a broken feed), observations are consumed without building
/// evidence and nothing is emitted (quarantine); and a night that would change more than `storm_share` of the
/// confirmed customers is held whole (`SegmentHold`).
public struct SegmentTracker: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    /// How far back a first run reads (enough observations to confirm most customers).
    public var firstRunDays = 28

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    public struct Outcome: Sendable, Codable, Equatable {
        public var asOf: Day
        public var observations = 0
        public var customers = 0
        /// Changes of a confirmed segment (first confirmations of new customers not included).
        public var changed = 0
        public var firstConfirmations = 0
        public var transitionsStarted = 0
        public var transitionsCleared = 0
        public var confirmed = 0
        /// The night was held by the storm guard (nothing applied).
        public var held = false
        /// A critical data-drift alert was firing: observations consumed, no evidence, no events.
        public var quarantined = false
        public var events = 0

        enum CodingKeys: String, CodingKey {
            case observations, customers, changed, confirmed, held, quarantined, events
            case asOf = "as_of"
            case firstConfirmations = "first_confirmations"
            case transitionsStarted = "transitions_started"
            case transitionsCleared = "transitions_cleared"
        }

        init(asOf: Day) { self.asOf = asOf }
    }

    var evidence: SegmentEvidence {
        let s = config.segments
        return SegmentEvidence(provisional: s.provisionalObservations, allowance: s.allowance,
                               flagThreshold: s.flagThreshold, confirmThreshold: s.confirmThreshold)
    }

    /// Folds every observation up to `asOf` into the tracks; `date` is the decision's time (the events' `time`).
    public func update(asOf: Day, at date: Date) throws -> Outcome {
        var outcome = Outcome(asOf: asOf)
        let registry = ModelRegistry(database: database)
        guard let production = try registry.production() else { return outcome }
        let store = SegmentStateStore(database: database)
        let from = (try store.processedThrough()).map { $0 + 1 } ?? asOf - (firstRunDays - 1)
        guard from <= asOf else { return outcome }
        outcome.quarantined = !(try AlertStateStore(database: database).firing(category: "data-drift", severity: "critical")).isEmpty
        let k = config.schema.segments.count
        let model = try registry.artifact(production.version).model()
        var earlier = [Int: SoftmaxModel]()
        let evidence = self.evidence
        let time = Timestamp.format(date)
        var update = SegmentStateStore.Update(processedThrough: asOf)
        var pending = [Pending]()
        var position = [String: Int]()
        var before = [SegmentTrack?]()
        var probabilities = [Double](repeating: 0, count: k)
        // Rows come in (as_of, customer) order: each customer's observations in time order, the stored track
        // joined to its first row and the updated one kept in memory for later rows.
        try store.scan(DayRange(from: from, to: asOf)) { row in
            outcome.observations += 1
            let at = position[row.customerID]
            var stored = at.map { update.tracks[$0] } ?? row.stored
                ?? StoredTrack(customerID: row.customerID, track: .new(segments: k), lastAsOf: Day(index: Int.min / 2),
                               version: nil, sequence: 0)
            guard row.day > stored.lastAsOf else { return }
            if !outcome.quarantined {
                probabilities.withUnsafeMutableBufferPointer { model.probabilities(of: row.features, into: $0) }
                for change in evidence.observe(&stored.track, probabilities: probabilities, day: row.day) {
                    stored.sequence += 1
                    // The reason needs the earlier model, read after the scan (no database access inside it).
                    pending.append(Pending(change: change, customer: row.customerID, sequence: stored.sequence, day: row.day,
                                           probabilities: probabilities, track: stored.track, previous: stored.version,
                                           features: Array(row.features)))
                    outcome.count(change)
                }
                stored.version = production.version
            }
            stored.lastAsOf = row.day
            if let at {
                update.tracks[at] = stored
            } else {
                position[row.customerID] = update.tracks.count
                update.tracks.append(stored)
                before.append(row.stored?.track)
                if row.stored == nil { update.new.insert(row.customerID) }
            }
        }
        for p in pending {
            let reason = try self.reason(p.change, row: p.features, previous: p.previous, production: production.version,
                                         cache: &earlier)
            update.events.append(event(p.change, customer: p.customer, sequence: p.sequence, day: p.day, time: time,
                                       probabilities: p.probabilities, track: p.track, version: production.version,
                                       reason: reason))
        }
        outcome.customers = update.tracks.count
        // Storage grows with change: a confirmed customer whose evidence, flag and segment did not move is not
        // rewritten (the watermark, not the row, says what has been read).
        update.tracks = zip(update.tracks, before).compactMap { stored, old in
            guard let old, old.confirmed != nil, old.confirmed == stored.track.confirmed, old.evidence == stored.track.evidence,
                  old.flag == stored.track.flag else { return stored }
            return nil
        }
        if outcome.quarantined { try SegmentBook(database: database).markSuspect(DayRange(from: from, to: asOf)) }
        outcome.events = update.events.count
        let counts = try store.counts()
        outcome.confirmed = counts.confirmed
        if try stormGuard(&outcome, version: production.version, at: date) { return outcome }
        try store.apply(update, destinations: config.segments.feed.destinations.map(\.name),
                        batchSize: config.segments.feed.batchSize, at: date)
        try recordChurn(outcome, at: date)
        return outcome
    }

    /// The week's confirmed churn, for SegmentChurnHigh (churn without a matching shift in the mix is model churn).
    func recordChurn(_ outcome: Outcome, at date: Date) throws {
        let store = SegmentStateStore(database: database)
        let changes = try store.changes(in: DayRange(ending: outcome.asOf, length: 7))
        let confirmed = try store.counts().confirmed
        let runs = MonitorRunStore(database: database)
        let mix = try runs.latest(kind: "drift")?.figures["segment_mix"]?["psi"]?.doubleValue
        let churn = confirmed > 0 ? Double(changes) / Double(confirmed) : 0
        try runs.record(kind: "segments", asOf: outcome.asOf, version: nil,
                        status: outcome.held ? "held" : (outcome.quarantined ? "quarantined" : "ok"),
                        figures: ["weekly_churn": .number(churn), "changes_7d": .int(changes), "confirmed": .int(confirmed),
                                  "segment_mix_psi": .optional(mix), "churn_limit": .number(config.segments.churnAlertShare),
                                  "night": try JSONValue(encoding: outcome)],
                        at: date)
    }

    /// A change found during the scan, turned into an event after it.
    struct Pending {
        let change: SegmentEvidence.Change
        let customer: String
        let sequence: Int
        let day: Day
        let probabilities: [Double]
        let track: SegmentTrack
        let previous: Int?
        let features: [Double]
    }

    /// Holds the night when it would change too many confirmed customers; true when held.
    func stormGuard(_ outcome: inout Outcome, version: Int, at date: Date) throws -> Bool {
        let events = EventStore(database: database)
        if let hold = try SegmentHold.current(database) {
            if hold.version != version || hold.releasedBy != nil {
                try SegmentHold.save(nil, database, audit: nil, at: date)
                try events.record(type: "segment_hold_released", asOf: outcome.asOf, version: version, detail: [
                    "held_since": .string(hold.since),
                    "why": .string(hold.releasedBy.map { "released by \($0): \(hold.releaseReason ?? "")" }
                                    ?? "production changed from v\(hold.version) to v\(version)"),
                ], at: date)
                return false  // released (or a rollback): this night applies, unguarded once
            }
            outcome.held = true
            return true
        }
        // Changes and new transition flags both count: a scrambled model shows first as a flood of flags.
        let moving = outcome.changed + outcome.transitionsStarted
        let share = outcome.confirmed > 0 ? Double(moving) / Double(outcome.confirmed) : 0
        guard outcome.confirmed >= 20, share > config.segments.stormShare else { return false }
        let hold = SegmentHold(since: Timestamp.format(date), asOf: outcome.asOf.description, version: version,
                               changes: moving, confirmed: outcome.confirmed)
        try SegmentHold.save(hold, database, audit: AuditLog.Record(
            actor: ActorIdentity.system, action: "hold_segment_changes", version: version,
            reason: "storm guard: v\(version) would change or flag \(moving) of \(outcome.confirmed) confirmed customers (\(String(format: "%.1f", share * 100))% > \(String(format: "%.1f", config.segments.stormShare * 100))%)",
            before: "applied", after: "held", evidence: try JSONValue(encoding: hold)), at: date)
        try events.record(type: "segment_storm", asOf: outcome.asOf, version: version, detail: [
            "changes": .int(outcome.changed), "flags": .int(outcome.transitionsStarted), "confirmed": .int(outcome.confirmed),
            "share": .number(share), "limit": .number(config.segments.stormShare),
        ], at: date)
        outcome.held = true
        return true
    }

    /// `model_promotion` when the version that confirmed the old segment still gives it to this row (the model
    /// changed, not the customer); `behaviour` otherwise.
    func reason(_ change: SegmentEvidence.Change, row: [Double], previous: Int?, production: Int,
                cache: inout [Int: SoftmaxModel]) throws -> String {
        guard case .changed(let from?, _) = change, let previous, previous != production else { return "behaviour" }
        let model: SoftmaxModel
        if let cached = cache[previous] {
            model = cached
        } else {
            model = try ModelRegistry(database: database).artifact(previous).model()
            cache[previous] = model
        }
        return model.score(row).segment == from ? "model_promotion" : "behaviour"
    }
}

extension SegmentTracker.Outcome {
    mutating func count(_ change: SegmentEvidence.Change) {
        switch change {
        case .changed(nil, _): firstConfirmations += 1
        case .changed: changed += 1
        case .transitionStarted: transitionsStarted += 1
        case .transitionCleared: transitionsCleared += 1
        }
    }
}

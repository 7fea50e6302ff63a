import Alerting
import Foundation
import Logging
import Release
import Segments
import SegmentConfig
import SegmentModel
import SegmentStore
import Training

/// The nightly job, one function for `supervise` and `replay`: train on the window ending at the last complete
/// day → register → (challengers while drifting) → gates → auto-promote or block → segment book → monitors →
/// guardrails / rollback or remedial promotion → alerts → confirmed segments → retention.
/// Each step's outcome is an event; a failing step raises its alert and does not stop the steps that can still run.
public struct NightlyJob: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let configSnapshot: String
    public let alerts: AlertCenter?
    public let logger: Logger
    /// The release policy: the configured one, or a naive one a backtest compares it with.
    public var policy = ReleasePolicy.configured

    public init(database: any StoreBackend, config: SegmentOpsConfig, configSnapshot: String, alerts: AlertCenter?,
                logger: Logger = Logger(label: "segmentops.nightly"), policy: ReleasePolicy = .configured) {
        self.database = database
        self.config = config
        self.configSnapshot = configSnapshot
        self.alerts = alerts
        self.logger = logger
        self.policy = policy
    }

    public struct Outcome: Sendable {
        public let jobID: Int
        public let asOf: Day
        public let trained: Int?
        /// Challengers trained tonight (while the model was drifting).
        public let challengers: [Int]
        public let decision: AutoPromoter.Decision?
        public let book: Int
        public let monitor: MonitorCycle.Result?
        public let segments: SegmentTracker.Outcome?
        /// Alert changes of the evaluation after the segment update (SegmentChangeStorm, SegmentChurnHigh…).
        public let segmentAlertChanges: [AlertEngine.Change]
        public let failedSteps: [String]
        public let trainSeconds: Double?
        /// What retention pruned tonight (nil when the step failed).
        public let pruned: Retention.Plan?
        public var succeeded: Bool { failedSteps.isEmpty }
    }

    /// Runs the job for the day `asOf` at (simulated or real) time `date`.
    public func run(asOf: Day, scheduledFor: Date?, at date: Date, deliver: Bool = true,
                    delivery: DeliveryTiming = .live) async throws -> Outcome {
        let jobs = JobStore(database: database)
        let events = EventStore(database: database)
        let jobID = try jobs.start(kind: "nightly", scheduledFor: scheduledFor, asOf: asOf, at: date)
        var failed = [String]()
        var steps = [String: JSONValue]()
        func fail(_ step: String, _ error: any Error) throws {
            failed.append(step)
            steps[step] = ["status": "failed", "error": .string(String(describing: error))]
            logger.error("Nightly step failed", metadata: ["job.step": "\(step)", "error": "\(error)"])
            try events.record(type: step == "train" ? "retrain_failed" : "step_failed", asOf: asOf, jobID: jobID,
                              detail: ["step": .string(step), "error": .string(String(describing: error))], at: date)
        }

        // 1–2. Train and register.
        var trained: Int?
        var trainSeconds: Double?
        do {
            let outcome = try await Offload.run {
                try Trainer(database: database, config: config)
                    .train(asOf: asOf, actor: ActorIdentity.system, configSnapshot: configSnapshot, at: date)
            }
            trained = outcome.version.version
            trainSeconds = outcome.totalSeconds
            steps["train"] = ["status": "ok", "version": .int(outcome.version.version),
                              "accuracy": .number(outcome.artifact.metrics.accuracy), "seconds": .number(outcome.totalSeconds)]
            try events.record(type: "retrain_succeeded", asOf: asOf, version: outcome.version.version, jobID: jobID,
                              detail: ["accuracy": .number(outcome.artifact.metrics.accuracy),
                                       "harm_rate": .number(outcome.artifact.metrics.harmRate),
                                       "train_rows": .int(outcome.artifact.training.trainRows),
                                       "seconds": .number(outcome.totalSeconds)], at: date)
        } catch {
            try fail("train", error)
        }

        // 2b. Challengers on recent data while the production model is drifting.
        var challengers = [Int]()
        if policy == .configured, trained != nil {
            challengers = try await trainChallengers(asOf: asOf, jobID: jobID, at: date)
            if !challengers.isEmpty { steps["challengers"] = ["status": "ok", "versions": .array(challengers.map { .int($0) })] }
        }

        // 3–4. Gates, then promote, block or hold (or what the backtest policy does).
        var decision: AutoPromoter.Decision?
        if let trained {
            do {
                let candidates = [trained] + challengers
                decision = try await Offload.run { try decide(candidates, asOf: asOf, at: date) }
                steps["promotion"] = ["status": "ok", "decision": .string(decision!.eventType)]
            } catch {
                try fail("promotion", error)
            }
        }

        // 5. Segment book with whatever is in production now.
        var book = 0
        do {
            let tolerance = config.storage.scoreTolerance
            let result = try await Offload.run { try BookKeeper(database: database, tolerance: tolerance).update(asOf: asOf, at: date) }
            book = result.written
            steps["segment_book"] = ["status": "ok", "version": .optional(result.version), "customers": .int(result.customers)]
        } catch {
            try fail("segment_book", error)
        }

        // 6–8. Monitors, guardrails and rollback, alerts.
        var monitor: MonitorCycle.Result?
        do {
            monitor = try await MonitorCycle(database: database, config: config, alerts: alerts, logger: logger)
                .run(asOf: asOf, at: date, deliver: deliver, delivery: delivery, respond: policy == .configured)
            steps["monitor"] = ["status": "ok", "rollback": .string(monitor!.rollback)]
        } catch {
            try fail("monitor", error)
        }

        // 9. Confirmed segments and the change feed, after the monitors: a feed that broke today is already
        // quarantined today.
        var segments: SegmentTracker.Outcome?
        var segmentAlertChanges = [AlertEngine.Change]()
        if policy == .configured {
            do {
                segments = try await Offload.run { try SegmentTracker(database: database, config: config).update(asOf: asOf, at: date) }
                steps["segments"] = ["status": "ok", "changed": .int(segments!.changed), "held": .bool(segments!.held),
                                     "quarantined": .bool(segments!.quarantined)]
                // The segment alerts (SegmentChangeStorm, SegmentChurnHigh) go out tonight, not at the next pass.
                if let alerts {
                    // Only the segment rules: the others were evaluated with the monitors (a second full pass would
                    // resolve tonight's one-shot event alerts at once).
                    let changes = try await Offload.run {
                        try alerts.engine.evaluate(at: date, sourcePrefix: "segments.")
                            + alerts.engine.evaluate(at: date, sourcePrefix: "event.segment_")
                    }
                    segmentAlertChanges = changes
                    if deliver { try await alerts.deliver(delivery, evaluatedAt: date) }
                }
                if deliver, !config.segments.feed.destinations.isEmpty {
                    _ = try await FeedDispatcher(database: database, config: config, logger: logger).deliver(now: delivery.now)
                }
            } catch {
                try fail("segments", error)
            }
        }

        // 10. Retention: raw scores and observations past their windows (audit-logged).
        var prunedTonight: Retention.Plan?
        do {
            let retention = Retention(database: database, config: config.storage)
            let pruned = try await Offload.run { try retention.prune(asOf: asOf, actor: "segmentops", at: date) }
            steps["retention"] = ["status": "ok", "scores": .int(pruned.scores), "observations": .int(pruned.observations)]
            prunedTonight = pruned
        } catch {
            try fail("retention", error)
        }

        try jobs.finish(jobID, status: failed.isEmpty ? "succeeded" : "failed",
                        detail: ["steps": .object(steps), "failed": .array(failed.map { .string($0) })], at: date)
        // A failed step's alert (RetrainFailed…) goes out now, not at the next monitor pass.
        if !failed.isEmpty, let alerts {
            _ = try await Offload.run { try alerts.evaluate(at: date) }
            if deliver { try await alerts.deliver(delivery, evaluatedAt: date) }
        }
        return Outcome(jobID: jobID, asOf: asOf, trained: trained, challengers: challengers, decision: decision,
                       book: book, monitor: monitor, segments: segments, segmentAlertChanges: segmentAlertChanges,
                       failedSteps: failed, trainSeconds: trainSeconds, pruned: prunedTonight)
    }
}

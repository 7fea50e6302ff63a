/// The monitor figures and supervisor events an alert rule can read (`source:` in a rule file).
public enum SignalCatalog {
    /// What one source provides.
    public struct Source: Sendable {
        public let name: String
        public let summary: String
        /// Labels each signal of this source carries (one alert per distinct label set).
        public let labels: [String]
        /// Figures available to templates.
        public let figures: [String]
        /// Whether the source has a numeric value (for `threshold`) and a PSI band (for `band`).
        public let hasValue: Bool
        public let hasBand: Bool
        /// Event sources: active from the event until a clearing event (`cleared_by`) or, without one, for the
        /// evaluation in which it arrived.
        public let isEvent: Bool
    }

    static let eventFigures = ["event", "as_of", "version", "at", "detail"]

    public static let sources: [String: Source] = {
        var all: [Source] = [
            Source(name: "drift.feature_psi",
                   summary: "PSI of each feature (worst of the monitor window and its newest day) and its band",
                   labels: ["feature"],
                   figures: ["feature", "psi", "window_psi", "day_psi", "band", "window", "day", "rows", "version",
                             "as_of", "worst_bin", "warning", "critical"],
                   hasValue: true, hasBand: true, isEvent: false),
            Source(name: "drift.segment_mix_psi",
                   summary: "PSI of the predicted segment mix against the version's training mix",
                   labels: [], figures: ["psi", "band", "reference", "current", "window", "rows", "version", "as_of"],
                   hasValue: true, hasBand: true, isEvent: false),
            Source(name: "evaluation.accuracy_decay",
                   summary: "holdout accuracy − realised accuracy; active when the decay is significant",
                   labels: [], figures: ["accuracy", "accuracy_low", "accuracy_high", "baseline", "decay", "tolerance",
                                         "n", "version", "window", "as_of"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "evaluation.guardrail",
                   summary: "misclassification guardrails of the monitored version; active when tripped",
                   labels: [], figures: ["reasons", "harm_rate", "harm_low", "accuracy", "n", "version", "window", "as_of"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "estimate.accuracy_drop",
                   summary: "holdout accuracy − the label-free estimate on rows without labels; active when the drop is significant",
                   labels: [], figures: ["expected_accuracy", "accuracy_low", "accuracy_high", "expected_harm_rate",
                                         "baseline", "drop", "tolerance", "n", "version", "window", "as_of"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "segments.churn",
                   summary: "share of confirmed customers whose segment changed in the last 7 days; active above segment_tracking.churn_alert_share while the segment-mix PSI is below 0.1",
                   labels: [], figures: ["weekly_churn", "limit", "changes", "confirmed", "segment_mix_psi", "as_of"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "fairness.disparity",
                   summary: "the production version's last fair-lending audit: the lowest adverse-impact ratio of a gated cell; active when the audit fails (ratio below fairness.air_threshold, significant after Holm)",
                   labels: [], figures: ["verdict", "reason", "failing_cells", "attribute", "group", "segment", "air",
                                         "p_holm", "threshold", "version", "as_of"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "freshness.observations",
                   summary: "days since the newest observation; active when older than monitoring.observations_stale_days",
                   labels: [], figures: ["age_days", "latest", "as_of", "limit_days"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "freshness.labels",
                   summary: "days since the newest label; active when older than monitoring.labels_stale_days",
                   labels: [], figures: ["age_days", "latest", "as_of", "limit_days"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "delivery.dead_letters",
                   summary: "deliveries given up in the last delivery.give_up_after, per receiver",
                   labels: ["failing_receiver"], figures: ["failing_receiver", "count", "last_error"],
                   hasValue: true, hasBand: false, isEvent: false),
            Source(name: "registry.integrity",
                   summary: "the last registry verification; active when it found a problem",
                   labels: [], figures: ["problem", "problems", "checked_at"],
                   hasValue: false, hasBand: false, isEvent: false),
            Source(name: "watchdog", summary: "always active: a heartbeat for an external dead-man's switch",
                   labels: [], figures: ["at"], hasValue: false, hasBand: false, isEvent: false),
        ]
        for event in ["automatic_rollback", "no_safe_rollback_target", "guardrail_tripped", "retrain_failed",
                      "retrain_missed", "retrain_succeeded", "candidate_blocked", "candidate_held", "promotion_paused",
                      "promoted", "production_changed", "step_failed", "guardrail_ok", "remedial_promotion",
                      "challengers_trained", "challenger_failed", "segment_storm", "segment_hold_released"] {
            all.append(Source(name: "event.\(event)", summary: "the supervisor event '\(event)'", labels: [],
                              figures: eventFigures, hasValue: false, hasBand: false, isEvent: true))
        }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()
}

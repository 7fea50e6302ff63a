/// Promotion policy: gates, automatic promotion and separation of duties.
public struct ReleaseConfig: Sendable, Equatable {
    /// The supervisor promotes a new candidate that passes every gate.
    public var autoPromote = true
    /// Promotion needs `segmentops approve V` by someone other than the trainer and the promoter.
    public var requireApproval = false
    public var gates = GateConfig()
    public var remedial = RemedialConfig()
    public var challengers = ChallengerConfig()
    public init() {}
}

/// Remedial promotion: while production itself is failing (its guardrail is firing, or it fails the absolute
/// gates on the same rows), a candidate replaces it when it is significantly better on the same rows — even if it
/// still misses an absolute gate.
public struct RemedialConfig: Sendable, Equatable {
    public var enabled = true
    /// One-sided significance level of McNemar's exact tests.
    public var alpha = 0.05
    public init() {}
}

/// Challengers: extra candidates trained on recent data while AccuracyDecay or the guardrail is firing.
public struct ChallengerConfig: Sendable, Equatable {
    public var enabled = true
    /// Training days of each challenger (before its holdout).
    public var windows = [14, 28]
    /// Recency weights: a row `half_life_days` older than the newest training day counts half (0 = unweighted).
    public var halfLifeDays = 7.0
    /// Held-out days at the end of a challenger's window: the rows every candidate is compared on.
    public var holdoutDays = 3
    public init() {}
}

/// Thresholds of the promotion gates: candidate against production on the same labelled rows.
public struct GateConfig: Sendable, Equatable {
    /// Candidate accuracy ≥ production accuracy − this.
    public var accuracyMargin = 0.01
    /// Every segment's recall ≥ this.
    public var recallFloor = 0.6
    /// Candidate harm rate ≤ this…
    public var maxHarmRate = 0.08
    /// …and ≤ production's harm rate + this.
    public var harmMargin = 0.005
    /// Candidate log-loss ≤ production's × (1 + this).
    public var logLossTolerance = 0.05
    /// PSI between candidate's and production's predicted segment mix ≤ this.
    public var segmentMixPSI = 0.25
    /// Fewer labelled rows than this: inconclusive.
    public var minRows = 500
    /// Fewer labelled rows of any segment than this: inconclusive.
    public var minSegmentRows = 50
    /// Days of labelled rows the gates compare on, ending at the candidate's last holdout day
    /// (0 = the candidate's holdout window).
    public var windowDays = 0
    public init() {}
}

/// The supervisor's schedule.
public struct SupervisorConfig: Sendable, Equatable {
    public var timezone = "UTC"
    public var retrainCron = "0 2 * * *"
    public var monitorCron = "0 * * * *"
    public var watchdogCron = "* * * * *"
    /// RetrainMissed fires when a scheduled retrain has not completed this long after its time.
    public var retrainGrace: Double = 3 * 3600
    public init() {}
}

/// A bearer token and the role it grants.
public struct APIToken: Sendable, Equatable, CustomStringConvertible {
    public enum Role: String, Sendable, CaseIterable, Comparable {
        case viewer
        case releaseManager = "release-manager"
        case `operator`
        /// Reads the fair-lending audit and protected attributes (no other role does).
        case auditor

        public static func < (lhs: Role, rhs: Role) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var name: String
    public var token: Secret
    public var role: Role

    public init(name: String, token: Secret, role: Role) {
        self.name = name
        self.token = token
        self.role = role
    }

    public var description: String { "\(name) (\(role.rawValue))" }
}

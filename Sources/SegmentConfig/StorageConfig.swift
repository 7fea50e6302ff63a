/// How the database grows (`storage:` in `segmentops.yaml`): with change rather than with time.
public struct StorageConfig: Sendable, Equatable {
    /// The segment book stores a customer's score again only when the segment changes or a probability moves by
    /// more than this since the customer's last stored score.
    public var scoreTolerance = 0.02
    /// Raw scores in the segment book older than this many days are pruned (each customer's newest is kept).
    public var scoreRetentionDays = 90
    /// Observations older than this many days are pruned (training reads the last `training.window_days`).
    public var observationRetentionDays = 400
    public init() {}
}

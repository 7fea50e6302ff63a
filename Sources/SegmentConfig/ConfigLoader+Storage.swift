extension ConfigLoader {
    static func readStorage(_ m: YAMLMapping, training: TrainingConfig) throws -> StorageConfig {
        var c = StorageConfig()
        c.scoreTolerance = try m.double("score_tolerance", default: c.scoreTolerance, in: 0...1)
        c.scoreRetentionDays = try m.int("score_retention_days", default: c.scoreRetentionDays, in: 7...36_500)
        c.observationRetentionDays = try m.int("observation_retention_days", default: c.observationRetentionDays, in: 7...36_500)
        // Training, its holdout and the label horizon read observations this far back: pruning them would change
        // what tonight's model is trained on.
        let needed = training.windowDays + 30
        guard c.observationRetentionDays >= needed else {
            throw m.error("observation_retention_days", m.node("observation_retention_days"),
                          "must keep at least \(needed) days (training.window_days \(training.windowDays) + 30): training reads that far back")
        }
        try m.finish()
        return c
    }
}

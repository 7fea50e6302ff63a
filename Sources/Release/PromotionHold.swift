import SegmentStore

/// Why automatic promotion (nightly or remedial) is on hold right now, if it is: a release manager's pause, or a
/// critical data-drift alert firing (a broken feed must not be learned, nor a model swapped while inputs are wrong).
struct PromotionHold {
    enum Reason {
        case paused(PromotionSwitch.Pause)
        case dataDrift(alerts: [String])
    }

    let database: any StoreBackend

    func current() throws -> Reason? {
        if let pause = try PromotionSwitch(database: database).current() { return .paused(pause) }
        let firing = try AlertStateStore(database: database).firing(category: "data-drift", severity: "critical")
        guard !firing.isEmpty else { return nil }
        return .dataDrift(alerts: firing.map { $0.rule + ($0.labels["feature"].map { "{feature=\($0)}" } ?? "") })
    }
}

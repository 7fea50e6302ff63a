import SegmentStore

/// Whether a version's misclassification guardrail is tripped now: its latest `guardrail_tripped` event has not
/// been followed by `guardrail_ok` or a production change. The same episode rule as the alert's `cleared_by`.
struct GuardrailState {
    let events: EventStore

    func isTripped(version: Int) throws -> Bool {
        guard let trip = try events.recent(limit: 1, type: "guardrail_tripped").first, trip.version == version else {
            return false
        }
        return trip.id > (try latestID(["guardrail_ok", "production_changed"]))
    }

    func latestID(_ types: [String]) throws -> Int {
        try types.compactMap { try events.recent(limit: 1, type: $0).first?.id }.max() ?? 0
    }
}

import Foundation
import SegmentModel
import SegmentStore

extension SegmentTracker {
    /// The feed event for one change: CloudEvents `data` with the segments, the probabilities and margin of the
    /// observation behind it, the evidence, the scoring version and the reason.
    func event(_ change: SegmentEvidence.Change, customer: String, sequence: Int, day: Day, time: String,
               probabilities p: [Double], track: SegmentTrack, version: Int, reason: String) -> SegmentEventRecord {
        let names = config.schema.segments
        let kind: SegmentEventRecord.Kind
        let from: String?, to: String?
        var strength: Double
        switch change {
        case .changed(let a, let b):
            kind = .changed
            (from, to) = (a.map { names[$0] }, names[b])
            strength = config.segments.confirmThreshold
        case .transitionStarted(let toward):
            kind = .transitionStarted
            (from, to) = (track.confirmed.map { names[$0] }, names[toward])
            strength = track.evidence[toward]
        case .transitionCleared(let toward):
            kind = .transitionCleared
            (from, to) = (track.confirmed.map { names[$0] }, names[toward])
            strength = track.evidence[toward]
        }
        if case .changed = change { strength = max(strength, 0) }
        let score = SegmentScore(probabilities: p)
        var data = "{\"from\":" + (from.map(ScoreLine.quote) ?? "null") + ",\"to\":" + (to.map(ScoreLine.quote) ?? "null")
        data += ",\"probabilities\":{" + names.enumerated().map { "\(ScoreLine.quote($1)):\(p[$0])" }.joined(separator: ",") + "}"
        data += ",\"margin\":\(score.margin),\"evidence\":\(strength),\"model_version\":\(version)"
        data += ",\"as_of\":\"\(day)\",\"reason\":\"\(reason)\"}"
        return SegmentEventRecord(customerID: customer, sequence: sequence, kind: kind, asOf: day, time: time, from: from,
                                  to: to, modelVersion: version, reason: reason, data: data)
    }
}

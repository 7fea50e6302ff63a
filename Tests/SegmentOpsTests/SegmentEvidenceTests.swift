import SegmentModel
import Testing

@Suite("Confirmed segments: CUSUM evidence with hysteresis")
struct SegmentEvidenceTests {
    let evidence = SegmentEvidence(provisional: 2, allowance: 0.5, flagThreshold: 1.5, confirmThreshold: 3.0)
    let day = Day("2026-03-01")!

    private func observe(_ track: inout SegmentTrack, _ p: [Double], _ offset: Int = 0) -> [SegmentEvidence.Change] {
        evidence.observe(&track, probabilities: p, day: day + offset)
    }

    @Test("a new customer is provisional until enough observations, then confirmed by summed log-probability")
    func provisional() {
        var track = SegmentTrack.new(segments: 3)
        #expect(observe(&track, [0.2, 0.7, 0.1]).isEmpty && track.confirmed == nil)
        #expect(observe(&track, [0.5, 0.4, 0.1], 7) == [.changed(from: nil, to: 1)])  // 0.7 × 0.4 beats 0.2 × 0.5
        #expect(track.confirmed == 1 && track.since == day + 7 && track.evidence == [0, 0, 0])
    }

    @Test("noise around the boundary never accumulates: the allowance absorbs it")
    func noise() {
        var track = SegmentTrack(confirmed: 0, since: day, observations: 5, evidence: [0, 0, 0], flag: nil, flagSince: nil)
        for i in 0..<50 {
            let p = i % 2 == 0 ? [0.45, 0.50, 0.05] : [0.55, 0.40, 0.05]  // the runner-up wins every other week, narrowly
            #expect(observe(&track, p, i * 7).isEmpty)
        }
        #expect(track.confirmed == 0 && track.flag == nil)
    }

    @Test("sustained evidence: a transition flag on the first clear observation, the change on the second")
    func sustained() {
        var track = SegmentTrack(confirmed: 0, since: day, observations: 5, evidence: [0, 0, 0], flag: nil, flagSince: nil)
        // ln(0.85 / 0.1) − 0.5 ≈ 1.64 per observation.
        #expect(observe(&track, [0.1, 0.05, 0.85], 7) == [.transitionStarted(toward: 2)])
        #expect(track.flag == 2 && track.flagSince == day + 7)
        #expect(observe(&track, [0.1, 0.05, 0.85], 14) == [.changed(from: 0, to: 2)])
        #expect(track.confirmed == 2 && track.since == day + 14 && track.flag == nil && track.evidence == [0, 0, 0])
    }

    @Test("a flag that the next observations contradict is cleared, with no change")
    func cleared() {
        var track = SegmentTrack(confirmed: 0, since: day, observations: 5, evidence: [0, 0, 0], flag: nil, flagSince: nil)
        #expect(observe(&track, [0.1, 0.05, 0.85], 7) == [.transitionStarted(toward: 2)])
        #expect(observe(&track, [0.9, 0.05, 0.05], 14) == [.transitionCleared(toward: 2)])
        #expect(track.confirmed == 0 && track.flag == nil && track.evidence[2] == 0)
    }

    @Test("one extreme observation flags but does not change on its own")
    func singleSpike() {
        var track = SegmentTrack(confirmed: 1, since: day, observations: 5, evidence: [0, 0, 0], flag: nil, flagSince: nil)
        // ln(0.95 / 0.04) − 0.5 ≈ 2.67 < 3.
        #expect(observe(&track, [0.95, 0.04, 0.01], 7) == [.transitionStarted(toward: 0)])
        #expect(track.confirmed == 1)
    }
}

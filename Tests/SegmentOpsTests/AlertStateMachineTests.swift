import Alerting
import Foundation
import SegmentStore
import Testing

@Suite("Alert state machine")
struct AlertStateMachineTests {
    private let t0 = Timestamp.parse("2026-03-01T00:00:00Z")!

    private func machine(for n: Int = 1, keep: Double = 0, repeatEvery: Double = 4 * 3600, maxChanges: Int = 4) -> AlertStateMachine {
        AlertStateMachine(forEvaluations: n, keepFiringFor: keep, repeatInterval: repeatEvery, flapWindow: 3600, flapMaxChanges: maxChanges)
    }

    private func fresh() -> AlertStateRecord {
        AlertStateRecord(fingerprint: "f", rule: "R", labels: [:], severity: "critical", evaluatedAt: Timestamp.format(t0))
    }

    @Test("pending for `for` evaluations, then firing; a pending alert that clears is never notified")
    func forEvaluations() {
        let m = machine(for: 3)
        var s = fresh()
        #expect(m.step(&s, holds: true, now: t0) == nil && s.state == .pending)
        #expect(m.step(&s, holds: false, now: t0 + 60) == nil && s.state == .inactive)
        #expect(m.step(&s, holds: true, now: t0 + 120) == nil)
        #expect(m.step(&s, holds: true, now: t0 + 180) == nil && s.state == .pending)
        #expect(m.step(&s, holds: true, now: t0 + 240) == .firing && s.state == .firing)
        #expect(m.step(&s, holds: false, now: t0 + 300) == .resolved && s.state == .resolved)
    }

    @Test("unknown evaluations change nothing")
    func unknown() {
        let m = machine()
        var s = fresh()
        _ = m.step(&s, holds: true, now: t0)
        #expect(m.step(&s, holds: nil, now: t0 + 60) == nil && s.state == .firing)
    }

    @Test("keep_firing_for holds the alert after the condition clears")
    func keepFiring() {
        let m = machine(keep: 600)
        var s = fresh()
        #expect(m.step(&s, holds: true, now: t0) == .firing)
        #expect(m.step(&s, holds: false, now: t0 + 300) == nil && s.state == .firing)
        #expect(m.step(&s, holds: false, now: t0 + 601) == .resolved)
    }

    @Test("repeats while firing at the interval")
    func repeats() {
        let m = machine(repeatEvery: 3600)
        var s = fresh()
        #expect(m.step(&s, holds: true, now: t0) == .firing)
        #expect(m.step(&s, holds: true, now: t0 + 1800) == nil)
        #expect(m.step(&s, holds: true, now: t0 + 3600) == .repeatFiring)
        #expect(m.step(&s, holds: true, now: t0 + 5400) == nil)
    }

    @Test("flapping is held firing and summarised once, then resolves after a calm window")
    func flapping() {
        let m = machine(maxChanges: 4)
        var s = fresh()
        var notes = [AlertStateMachine.Notification?]()
        for i in 0..<12 { notes.append(m.step(&s, holds: i % 2 == 0, now: t0 + Double(i) * 60)) }
        #expect(notes.compactMap { $0 }.filter { $0 == .flapping }.count == 1)
        #expect(notes.prefix(4).compactMap { $0 } == [.firing, .resolved, .firing, .resolved])
        #expect(s.state == .firing && s.flapping)
        #expect(m.step(&s, holds: false, now: t0 + 660 + 1800) == nil && s.state == .firing)
        #expect(m.step(&s, holds: false, now: t0 + 660 + 3700) == .resolved && !s.flapping)
    }

    @Test("a resolve is owed exactly once per notified episode")
    func resolveOwed() {
        let m = machine()
        var s = fresh()
        _ = m.step(&s, holds: true, now: t0)
        #expect(s.notified)
        #expect(m.step(&s, holds: false, now: t0 + 60) == .resolved)
        #expect(!s.notified)
        #expect(m.step(&s, holds: false, now: t0 + 120) == nil)
    }
}


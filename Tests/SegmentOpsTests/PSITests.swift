import Foundation
import SegmentModel
import Testing

@Suite("PSI and Wilson intervals, exactly as documented")
struct PSITests {
    @Test("the documented test vector: .5/.3/.2 against .4/.3/.3 is 0.062861")
    func testVector() {
        let psi = PSI.value(reference: [0.5, 0.3, 0.2], current: [0.4, 0.3, 0.3])
        #expect(abs(psi - 0.062861) < 5e-7)
    }

    @Test("edges are the distinct values of sorted[floor(k·n/10)], k = 1…9")
    func edgesSpec() {
        let values = (1...20).map(Double.init).shuffled()
        // n = 20: positions 2, 4, …, 18 → values 3, 5, …, 19
        #expect(PSI.edges(values) == [3, 5, 7, 9, 11, 13, 15, 17, 19])
        // n = 15: positions floor(1.5)=1, 3, 4, 6, 7, 9, 10, 12, 13
        #expect(PSI.edges((0..<15).map(Double.init)) == [1, 3, 4, 6, 7, 9, 10, 12, 13])
    }

    @Test("ties collapse into distinct edges; a value on an edge goes to the bin above")
    func tiesAndDuplicateEdges() {
        let values: [Double] = Array(repeating: 0, count: 60) + Array(repeating: 1, count: 30) + Array(repeating: 5, count: 10)
        let edges = PSI.edges(values)
        #expect(edges == [0, 1, 5])
        #expect(PSI.bin(of: -1, edges: edges) == 0)
        #expect(PSI.bin(of: 0, edges: edges) == 1)
        #expect(PSI.bin(of: 0.5, edges: edges) == 1)
        #expect(PSI.bin(of: 1, edges: edges) == 2)
        #expect(PSI.bin(of: 5, edges: edges) == 3)
        #expect(PSI.counts(values, edges: edges) == [0, 60, 30, 10])
    }

    @Test("a constant feature has one edge and two bins; shares are floored at 1e-4, not renormalised")
    func constantFeature() {
        let edges = PSI.edges(Array(repeating: 3.0, count: 50))
        #expect(edges == [3])
        let shares = PSI.shares(PSI.counts(Array(repeating: 3.0, count: 50), edges: edges))
        #expect(shares == [1e-4, 1.0])
        #expect(shares.reduce(0, +) > 1)  // floored, not renormalised
    }

    @Test("out-of-range values land in the end bins and empty bins cost a large but finite PSI")
    func outOfRangeAndEmptyBins() {
        let reference = (0..<1000).map { Double($0) / 1000 }
        let edges = PSI.edges(reference)
        let refShares = PSI.shares(PSI.counts(reference, edges: edges))
        let current = Array(repeating: 1e6, count: 100)  // all above the training range
        let counts = PSI.counts(current, edges: edges)
        #expect(counts.last == 100 && counts.dropLast().allSatisfy { $0 == 0 })
        let psi = PSI.value(reference: refShares, current: PSI.shares(counts))
        // 9 bins at (1e-4 − 0.1)·ln(1e-4/0.1) and one at (1 − 0.1)·ln(1/0.1)
        let expected = 9 * (1e-4 - 0.1) * log(1e-4 / 0.1) + 0.9 * log(10.0)
        #expect(abs(psi - expected) < 1e-9)
        #expect(psi.isFinite)
    }

    @Test("bands: below 0.1 ok, 0.1–0.25 warning, from 0.25 critical")
    func bands() {
        let t = PSIThresholds.standard
        #expect(t.band(0.0999) == .ok)
        #expect(t.band(0.1) == .warning)
        #expect(t.band(0.2499) == .warning)
        #expect(t.band(0.25) == .critical)
    }

    @Test("Wilson 95% intervals match known values")
    func wilson() {
        let a = WilsonInterval(successes: 40, n: 50)
        #expect(abs(a.low - 0.670) < 0.0005 && abs(a.high - 0.888) < 0.0005)
        let b = WilsonInterval(successes: 400, n: 500)
        #expect(abs(b.low - 0.763) < 0.0005 && abs(b.high - 0.833) < 0.0005)
        let none = WilsonInterval(successes: 0, n: 0)
        #expect(none.low == 0 && none.high == 1)
        let zero = WilsonInterval(successes: 0, n: 100)
        #expect(zero.low == 0 && zero.high > 0)
    }
}

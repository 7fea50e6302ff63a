import Foundation
import SegmentModel
/// One customer's latent state: the segment they are really in, how much they blend with the others, and the
/// slowly moving levels behind their features.
struct SimulatedCustomer {
    var segment: Int
    var weights: [Double]
    /// Activity multiplier: some customers use the app much more than others.
    let intensity: Double
    let emailBase: Double
    var tenureAtStart: Double
    var creditScoreBase: Double
    var openLinesBase: Double
    var utilizationBase: Double
    var onTimeBase: Double

    init(segment: Int, random: inout RandomSource) {
        self.segment = segment
        intensity = exp(random.normal(sd: 0.3))
        emailBase = random.uniform(0.05...0.3)
        tenureAtStart = random.uniform(SegmentProfile.tenureRange[segment])
        weights = []
        creditScoreBase = 0
        openLinesBase = 0
        utilizationBase = 0
        onTimeBase = 0
        redraw(random: &random)
    }

    /// Draws a blend centred on the current segment and the levels that follow from it.
    mutating func redraw(random: inout RandomSource) {
        let own = random.uniform(0.5...1.0)
        let split = random.uniform()
        var w = [0.0, 0.0, 0.0]
        w[segment] = own
        let others = (0..<3).filter { $0 != segment }
        w[others[0]] = (1 - own) * split
        w[others[1]] = (1 - own) * (1 - split)
        weights = w
        creditScoreBase = SegmentProfile.blend(SegmentProfile.creditScore, w) + random.normal(sd: 35)
        openLinesBase = max(0, SegmentProfile.blend(SegmentProfile.openCreditLines, w) + random.normal(sd: 0.9))
        utilizationBase = SegmentProfile.blend(SegmentProfile.utilizationRatio, w) + random.normal(sd: 0.12)
        onTimeBase = SegmentProfile.blend(SegmentProfile.onTimePaymentRate, w) + random.normal(sd: 0.05)
    }

    /// Moves to `segment`, as a customer whose credit life has changed.
    mutating func move(to segment: Int, random: inout RandomSource) {
        self.segment = segment
        redraw(random: &random)
    }
}

/// Typical behaviour of each segment (acquirer, builder, optimizer), the centre a customer's features blend from.
struct SegmentProfile {
    /// Weekly event rates (Poisson) or levels per segment, index 0 acquirer, 1 builder, 2 optimizer.
    static let creditAccessSessions = [5.0, 1.5, 0.8]
    static let applicationsSubmitted = [1.0, 0.25, 0.3]
    static let monitoringSessions = [0.8, 3.5, 2.0]
    static let scoreSimulatorRuns = [0.3, 2.0, 0.4]
    static let builderProductPayments = [0.05, 1.4, 0.1]
    static let openCreditLines = [0.8, 1.8, 4.5]
    static let utilizationRatio = [0.35, 0.6, 0.25]
    static let onTimePaymentRate = [0.9, 0.82, 0.97]
    static let creditScore = [640.0, 590.0, 725.0]
    static let balanceTransferViews = [0.3, 0.2, 1.5]
    static let emailEngagementRate = [0.3, 0.35, 0.25]
    /// Account age when the simulation starts, uniform in these ranges.
    static let tenureRange: [ClosedRange<Double>] = [0...900, 60...1500, 200...2400]

    /// Σ weight × level: a customer between segments behaves between them.
    static func blend(_ levels: [Double], _ weights: [Double]) -> Double {
        zip(levels, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

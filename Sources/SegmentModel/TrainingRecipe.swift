import Foundation

/// How a version was trained: the nightly standard (the window rule) or a challenger on recent data. Stored in
/// the artifact, so a version's lineage says which.
public struct TrainingRecipe: Sendable, Equatable, Codable {
    /// `standard`, or `challenger-<N>d` for a challenger with N training days.
    public let name: String
    /// Days in the whole window, holdout included.
    public let windowDays: Int
    public let holdoutDays: Int
    /// Recency weights: a row this many days older than the newest training day counts half. nil = unweighted.
    public let halfLifeDays: Double?
    /// Features the model may not use (their coefficients are held at zero): the less-discriminatory alternative
    /// without proxy features, or `training.exclude_features`.
    public let withoutFeatures: [String]

    enum CodingKeys: String, CodingKey {
        case name
        case windowDays = "window_days"
        case holdoutDays = "holdout_days"
        case halfLifeDays = "half_life_days"
        case withoutFeatures = "without_features"
    }

    public init(name: String, windowDays: Int, holdoutDays: Int, halfLifeDays: Double?, withoutFeatures: [String] = []) {
        precondition(holdoutDays >= 1 && holdoutDays < windowDays)
        self.name = name
        self.windowDays = windowDays
        self.holdoutDays = holdoutDays
        self.halfLifeDays = halfLifeDays
        self.withoutFeatures = withoutFeatures
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        windowDays = try c.decode(Int.self, forKey: .windowDays)
        holdoutDays = try c.decode(Int.self, forKey: .holdoutDays)
        halfLifeDays = try c.decodeIfPresent(Double.self, forKey: .halfLifeDays)
        withoutFeatures = try c.decodeIfPresent([String].self, forKey: .withoutFeatures) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(windowDays, forKey: .windowDays)
        try c.encode(holdoutDays, forKey: .holdoutDays)
        try c.encodeIfPresent(halfLifeDays, forKey: .halfLifeDays)
        if !withoutFeatures.isEmpty { try c.encode(withoutFeatures, forKey: .withoutFeatures) }
    }

    /// The same recipe, also without `features`.
    public func without(_ features: [String]) -> TrainingRecipe {
        let all = (withoutFeatures + features).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return TrainingRecipe(name: name, windowDays: windowDays, holdoutDays: holdoutDays, halfLifeDays: halfLifeDays,
                              withoutFeatures: all)
    }

    public static func standard(windowDays: Int, holdoutDays: Int, withoutFeatures: [String] = []) -> TrainingRecipe {
        TrainingRecipe(name: "standard", windowDays: windowDays, holdoutDays: holdoutDays, halfLifeDays: nil,
                       withoutFeatures: withoutFeatures)
    }

    /// A challenger with `trainDays` of training before `holdoutDays` held out.
    public static func challenger(trainDays: Int, holdoutDays: Int, halfLifeDays: Double,
                                  withoutFeatures: [String] = []) -> TrainingRecipe {
        TrainingRecipe(name: "challenger-\(trainDays)d", windowDays: trainDays + holdoutDays, holdoutDays: holdoutDays,
                       halfLifeDays: halfLifeDays > 0 ? halfLifeDays : nil, withoutFeatures: withoutFeatures)
    }

    public var isChallenger: Bool { name.hasPrefix("challenger-") }

    /// The weight of a row `age` days older than the newest training day.
    public func weight(age: Int) -> Double {
        guard let halfLifeDays else { return 1 }
        return Foundation.exp2(-Double(age) / halfLifeDays)
    }
}

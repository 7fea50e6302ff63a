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

    enum CodingKeys: String, CodingKey {
        case name
        case windowDays = "window_days"
        case holdoutDays = "holdout_days"
        case halfLifeDays = "half_life_days"
    }

    public init(name: String, windowDays: Int, holdoutDays: Int, halfLifeDays: Double?) {
        precondition(holdoutDays >= 1 && holdoutDays < windowDays)
        self.name = name
        self.windowDays = windowDays
        self.holdoutDays = holdoutDays
        self.halfLifeDays = halfLifeDays
    }

    public static func standard(windowDays: Int, holdoutDays: Int) -> TrainingRecipe {
        TrainingRecipe(name: "standard", windowDays: windowDays, holdoutDays: holdoutDays, halfLifeDays: nil)
    }

    /// A challenger with `trainDays` of training before `holdoutDays` held out.
    public static func challenger(trainDays: Int, holdoutDays: Int, halfLifeDays: Double) -> TrainingRecipe {
        TrainingRecipe(name: "challenger-\(trainDays)d", windowDays: trainDays + holdoutDays, holdoutDays: holdoutDays,
                       halfLifeDays: halfLifeDays > 0 ? halfLifeDays : nil)
    }

    public var isChallenger: Bool { name != "standard" }

    /// The weight of a row `age` days older than the newest training day.
    public func weight(age: Int) -> Double {
        guard let halfLifeDays else { return 1 }
        return Foundation.exp2(-Double(age) / halfLifeDays)
    }
}

/// How one release policy served customers over a replay, measured afterwards with every label the file holds.
public struct PolicyFigures: Sendable, Codable, Equatable {
    /// `configured`, `always_newest` or `frozen`.
    public let name: String
    /// Realised accuracy of the serving version over every labelled row of the replayed days.
    public let meanAccuracy: Double
    /// Labelled rows the serving version misclassified harmfully, summed over the days.
    public let harmRows: Int
    /// Days on which an available version (registered before that day) was significantly better than the one
    /// serving, on the 7 days of rows before that day — what the night's decision could have seen — with every
    /// label they finally got (McNemar, Bonferroni over versions and tests, α = 0.05).
    public let avoidableHarmDays: Int
    /// Days from the worst drop's onset (7-day accuracy 0.03 below the first week's) until accuracy was back
    /// within 0.02 of the lower of that level and the best version's at the end; 0 without a drop.
    public let recoveryDays: Int
    /// False when accuracy never came back by the end of the replay (`recovery_days` then counts to the end).
    public let recovered: Bool
    public let promotions: Int
    public let remedialPromotions: Int
    public let rollbacks: Int
    /// Alerts fired (the Watchdog heartbeat left out).
    public let alerts: Int
    public let database: String

    enum CodingKeys: String, CodingKey {
        case name, recovered, promotions, rollbacks, alerts, database
        case meanAccuracy = "mean_accuracy"
        case harmRows = "harm_rows"
        case avoidableHarmDays = "avoidable_harm_days"
        case recoveryDays = "recovery_days"
        case remedialPromotions = "remedial_promotions"
    }

    public init(name: String, meanAccuracy: Double, harmRows: Int, avoidableHarmDays: Int, recoveryDays: Int,
                recovered: Bool, promotions: Int, remedialPromotions: Int, rollbacks: Int, alerts: Int, database: String) {
        self.name = name
        self.meanAccuracy = meanAccuracy
        self.harmRows = harmRows
        self.avoidableHarmDays = avoidableHarmDays
        self.recoveryDays = recoveryDays
        self.recovered = recovered
        self.promotions = promotions
        self.remedialPromotions = remedialPromotions
        self.rollbacks = rollbacks
        self.alerts = alerts
        self.database = database
    }
}

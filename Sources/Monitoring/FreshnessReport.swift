import SegmentModel

/// How old the newest observation and the newest label are, relative to T.
public struct FreshnessReport: Sendable, Equatable, Codable {
    public let asOf: Day
    public let latestObservation: Day?
    public let latestLabel: Day?
    public let observationAgeDays: Int?
    public let labelAgeDays: Int?
    public let observationsStale: Bool
    public let labelsStale: Bool
    public let observationsStaleDays: Int
    public let labelsStaleDays: Int

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of"
        case latestObservation = "latest_observation"
        case latestLabel = "latest_label"
        case observationAgeDays = "observation_age_days"
        case labelAgeDays = "label_age_days"
        case observationsStale = "observations_stale"
        case labelsStale = "labels_stale"
        case observationsStaleDays = "observations_stale_days"
        case labelsStaleDays = "labels_stale_days"
    }

    public init(asOf: Day, latestObservation: Day?, latestLabel: Day?, observationsStaleDays: Int, labelsStaleDays: Int) {
        self.asOf = asOf
        self.latestObservation = latestObservation
        self.latestLabel = latestLabel
        observationAgeDays = latestObservation.map { asOf - $0 }
        labelAgeDays = latestLabel.map { asOf - $0 }
        observationsStale = (observationAgeDays ?? Int.max) > observationsStaleDays
        labelsStale = (labelAgeDays ?? Int.max) > labelsStaleDays
        self.observationsStaleDays = observationsStaleDays
        self.labelsStaleDays = labelsStaleDays
    }
}

import SegmentModel

/// Data drift of one version's frozen reference against the current window, bin by bin.
public struct DriftReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// Fewer rows than `min_rows` in the window: no PSI is reported.
        case insufficientData = "insufficient_data"
    }

    /// One PSI bin: its range, both shares and its term of the sum.
    public struct Bin: Sendable, Equatable, Codable {
        /// Lower edge (inclusive); nil for the first bin (−∞).
        public let lower: Double?
        /// Upper edge (exclusive); nil for the last bin (+∞).
        public let upper: Double?
        public let referenceShare: Double
        public let currentShare: Double
        public let currentCount: Int
        public let contribution: Double

        public init(lower: Double?, upper: Double?, referenceShare: Double, currentShare: Double, currentCount: Int,
                    contribution: Double) {
            self.lower = lower
            self.upper = upper
            self.referenceShare = referenceShare
            self.currentShare = currentShare
            self.currentCount = currentCount
            self.contribution = contribution
        }

        enum CodingKeys: String, CodingKey {
            case lower, upper, contribution
            case referenceShare = "reference"
            case currentShare = "current"
            case currentCount = "current_count"
        }
    }

    public struct Feature: Sendable, Equatable, Codable {
        public let name: String
        /// PSI over the monitor window; nil with insufficient data.
        public let psi: Double?
        public let band: PSIBand?
        /// PSI of the newest day (T) alone, when it has at least `min_rows` rows: a broken feed shows here in full
        /// on its first day, while it is still one seventh of the window.
        public let dayPSI: Double?
        public let dayBand: PSIBand?
        public let thresholds: PSIThresholds
        public let bins: [Bin]

        public init(name: String, psi: Double?, band: PSIBand?, dayPSI: Double?, dayBand: PSIBand?,
                    thresholds: PSIThresholds, bins: [Bin]) {
            self.name = name
            self.psi = psi
            self.band = band
            self.dayPSI = dayPSI
            self.dayBand = dayBand
            self.thresholds = thresholds
            self.bins = bins
        }

        enum CodingKeys: String, CodingKey {
            case name, psi, band, thresholds, bins
            case dayPSI = "day_psi"
            case dayBand = "day_band"
        }

        /// The worse of the window and newest-day figures.
        public var worstPSI: Double? {
            switch (psi, dayPSI) {
            case let (w?, d?): max(w, d)
            case let (w?, nil): w
            default: nil
            }
        }

        public var worstBand: PSIBand? {
            guard let band else { return nil }
            return max(band, dayBand ?? .ok)
        }
    }

    public struct SegmentMix: Sendable, Equatable, Codable {
        public let psi: Double?
        public let band: PSIBand?
        public let reference: [String: Double]
        public let current: [String: Double]
        public let currentCounts: [String: Int]

        public init(psi: Double?, band: PSIBand?, reference: [String: Double], current: [String: Double],
                    currentCounts: [String: Int]) {
            self.psi = psi
            self.band = band
            self.reference = reference
            self.current = current
            self.currentCounts = currentCounts
        }

        enum CodingKeys: String, CodingKey {
            case psi, band, reference, current
            case currentCounts = "current_counts"
        }
    }

    public let version: Int
    public let asOf: Day
    public let window: DayRange
    public let rows: Int
    /// Rows of the newest day (T) alone.
    public let dayRows: Int
    public let minRows: Int
    public let status: Status
    public let features: [Feature]
    public let segmentMix: SegmentMix

    public init(version: Int, asOf: Day, window: DayRange, rows: Int, dayRows: Int, minRows: Int, status: Status,
                features: [Feature], segmentMix: SegmentMix) {
        self.version = version
        self.asOf = asOf
        self.window = window
        self.rows = rows
        self.dayRows = dayRows
        self.minRows = minRows
        self.status = status
        self.features = features
        self.segmentMix = segmentMix
    }

    enum CodingKeys: String, CodingKey {
        case version, window, rows, status, features
        case asOf = "as_of"
        case dayRows = "day_rows"
        case minRows = "min_rows"
        case segmentMix = "segment_mix"
    }

    /// The feature with the highest PSI.
    public var worstFeature: Feature? {
        features.filter { $0.worstPSI != nil }.max { $0.worstPSI! < $1.worstPSI! }
    }
}

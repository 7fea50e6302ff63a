/// What being assigned a segment means for the customer, for the fair-lending audit.
public enum FairnessDirection: String, Sendable, Codable, CaseIterable {
    /// Assignment opens a better offer (premium credit): groups must be assigned at comparable rates.
    case favourable
    /// Assignment closes one (e.g. only secured products): groups must be spared at comparable rates.
    case adverse
    /// Reported for the audit, not gated.
    case neutral
}

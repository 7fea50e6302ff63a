/// A request to move the production pointer, checked and applied in one compare-and-set transaction.
public struct ProductionChange: Sendable {
    /// What the caller believes production is now.
    public enum Expectation: Sendable, Equatable {
        /// No check (only for the first promotion by tests and tools that just read the state).
        case anything
        case none
        case version(Int)

        public var version: Int?? {
            switch self {
            case .anything: nil
            case .none: .some(nil)
            case .version(let v): .some(v)
            }
        }
    }

    public enum Kind: String, Sendable {
        case promote, rollback
    }

    public var kind: Kind
    public var target: Int
    public var expect: Expectation
    public var actor: String
    public var reason: String
    /// Promote rejected or rolled-back versions, or skip approval, on purpose.
    public var force = false
    public var evidence: JSONValue = .object([:])

    public init(kind: Kind, target: Int, expect: Expectation, actor: String, reason: String, force: Bool = false,
                evidence: JSONValue = .object([:])) {
        self.kind = kind
        self.target = target
        self.expect = expect
        self.actor = actor
        self.reason = reason
        self.force = force
        self.evidence = evidence
    }
}

/// The production version as this process last heard it, kept current by the engine's change notifications (with a
/// periodic check as backstop): reading it costs no round trip.
public protocol ProductionWatch: Sendable {
    func currentProduction() throws -> Int?
}

extension StoreBackend {
    /// Nil where readers check for changes themselves (SQLite: the WAL index).
    public var productionWatch: (any ProductionWatch)? { nil }
}

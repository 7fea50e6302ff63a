import Foundation
import SegmentModel
import SegmentStore

/// The production model for scoring. The production pointer is read on every request (one indexed query), and
/// the model is rebuilt only when the pointer moves — so a rollback takes effect on the next request.
public actor ModelCache {
    public let database: SegmentDatabase
    private var cached: (version: Int, model: SoftmaxModel)?

    public init(database: SegmentDatabase) { self.database = database }

    public func production() throws -> (version: Int, model: SoftmaxModel) {
        let registry = ModelRegistry(database: database)
        guard let current = try registry.production()?.version else {
            throw APIError(.serviceUnavailable, "no version is in production yet; promote one with `segmentops promote`")
        }
        if let cached, cached.version == current { return cached }
        let model = try registry.artifact(current).model()
        cached = (current, model)
        return (current, model)
    }
}

import Foundation
import SegmentStore

/// The registry of the command's database.
struct RegistryContext {
    let database: any StoreBackend
    let registry: ModelRegistry

    init(_ context: CommandContext, write: Bool = false, actor: String? = nil) throws {
        database = try context.database(recordConfig: write, actor: actor)
        registry = ModelRegistry(database: database)
    }
}

import ArgumentParser
import Foundation

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (default: $SEGMENTOPS_DB, else ./segmentops.db).",
                                            valueName: "path"))
    public var db: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: ./segmentops.yaml when present, else built-in defaults).",
                                            valueName: "path"))
    public var config: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    public var json = false

    public init() {}

    /// The database path after the environment fallback.
    public var databasePath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["SEGMENTOPS_DB"], !env.isEmpty { return env }
        return "segmentops.db"
    }
}

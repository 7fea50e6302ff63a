import ArgumentParser
import Foundation
import SegmentConfig
import SegmentStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database (applying migrations) and write a commented default segmentops.yaml.",
        discussion: "An existing configuration file is left alone unless --overwrite-config is given. Running init on an existing database applies any new migrations and changes nothing else.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Replace an existing configuration file with the commented defaults.")
    var overwriteConfig = false

    struct Result: Encodable {
        let database: String
        let config: String
        let configWritten: Bool
        let migrations: [String]
        enum CodingKeys: String, CodingKey {
            case database, config, migrations
            case configWritten = "config_written"
        }
    }

    func run() async throws {
        let configPath = global.config ?? ConfigLoader.defaultPath
        var written = false
        if overwriteConfig || !FileManager.default.fileExists(atPath: configPath) {
            try DefaultConfigFile.text.write(toFile: configPath, atomically: true, encoding: .utf8)
            written = true
        }
        var options = global
        options.config = configPath
        let context = try CommandContext(options)
        let database = try context.database(create: true, recordConfig: true)
        let result = Result(database: database.location, config: configPath, configWritten: written,
                            migrations: try database.appliedMigrations())
        if global.json { return try context.output.emit(result) }
        Console.out("database  \(result.database) (migrations: \(result.migrations.joined(separator: ", ")))")
        Console.out("config    \(configPath) \(written ? "(written with commented defaults)" : "(kept as it was)")")
        Console.out("next      segmentops simulate --scenario stable --customers 5000 --days 90 --seed 1 --out observations.csv")
        Console.out("          segmentops ingest observations.csv")
    }
}

import Foundation
import SegmentStore
import Testing

@Suite("The command line as a newcomer meets it")
struct CLITests {
    @Test("help and version work; an unknown command is a usage error")
    func helpAndUsage() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS") && help.stdout.contains("supervise") && help.stdout.contains("Exit codes"))
        #expect(try CLI.run(["promote", "--help"]).stdout.contains("--expect-current"))
        #expect(try CLI.run(["--version"]).stdout.contains("segmentops"))
        let bogus = try CLI.run(["bogus"])
        #expect(bogus.status == 64 && bogus.stderr.contains("Unexpected argument 'bogus'"))
        let badVersion = try CLI.run(["registry", "show", "vx"])
        #expect(badVersion.status == 64)
    }

    @Test("init creates the database and a commented config; commands find the database through SEGMENTOPS_DB")
    func initAndEnvironment() throws {
        let workspace = try TestWorkspace()
        let result = try CLI.run(["init"], cwd: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/segmentops.db"))
        let config = try String(contentsOfFile: workspace.path + "/segmentops.yaml", encoding: .utf8)
        #expect(config.contains("window_days: 60") && config.contains("# "))
        let list = try CLI.run(["registry", "list", "--json"], environment: ["SEGMENTOPS_DB": workspace.path + "/segmentops.db"],
                               cwd: FileManager.default.temporaryDirectory.path)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(list.stdout.utf8)).arrayValue?.isEmpty == true)
        // A second init keeps the configuration and changes nothing else.
        try "training:\n  window_days: 30\n".write(toFile: workspace.path + "/segmentops.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["init"], cwd: workspace.path).status == 0)
        #expect(try String(contentsOfFile: workspace.path + "/segmentops.yaml", encoding: .utf8).contains("window_days: 30"))
    }

    @Test("errors are clear, name what to do, and are JSON in --json mode")
    func errors() throws {
        let workspace = try TestWorkspace()
        let missing = try CLI.run(["registry", "list", "--db", workspace.path + "/nope.db"], cwd: workspace.path)
        #expect(missing.status == 1 && missing.stderr.contains("segmentops init"))
        let json = try CLI.run(["registry", "list", "--db", workspace.path + "/nope.db", "--json"], cwd: workspace.path)
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(json.stdout.utf8))
        #expect(body["error"]?.stringValue?.contains("no SegmentOps database") == true)
        let badConfig = try workspace.file("bad.yaml", "monitoring:\n  min_rowz: 3\n")
        let config = try CLI.run(["registry", "list", "--config", badConfig], cwd: workspace.path)
        #expect(config.status == 1 && config.stderr.contains("bad.yaml:2: monitoring.min_rowz: unknown key"))
        _ = try workspace.database()
        let noVersion = try CLI.run(["registry", "show", "7", "--db", workspace.databasePath], cwd: workspace.path)
        #expect(noVersion.stderr.contains("model version 7 does not exist; see `segmentops registry list`"))
    }
}

import Foundation
import Testing

@Suite("Writes to a full disk end the command with exit 74, never a trap, never 0")
struct OutputFailureTests {
    /// Runs the real executable with standard output and/or standard error on /dev/full.
    private func run(_ arguments: [String], stdoutFull: Bool, stderrFull: Bool, cwd: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        process.standardOutput = stdoutFull ? full : FileHandle.nullDevice
        process.standardError = stderrFull ? full : FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "\(arguments) ended by a signal")
        return process.terminationStatus
    }

    @Test("stderr on /dev/full on an error path (the issue's repro: was SIGILL, 132)")
    func errorPathWithFullStderr() throws {
        let workspace = try TestWorkspace()
        _ = try workspace.database()
        let bad = try workspace.file("bad.csv", "customer_id,as_of\n")
        #expect(try run(["ingest", bad, "--db", workspace.databasePath], stdoutFull: false, stderrFull: true, cwd: workspace.path) == 74)
        #expect(try run(["registry", "show", "9", "--db", workspace.databasePath], stdoutFull: true, stderrFull: true, cwd: workspace.path) == 74)
    }

    @Test("stdout on /dev/full: text, JSON, help and version all exit 74", arguments: [
        ["status"], ["status", "--json"], ["registry", "list"], ["--help"], ["--version"], ["alerts", "check", TestPaths.root + "/Alerts"],
    ])
    func fullStdout(_ arguments: [String]) throws {
        let workspace = try TestWorkspace()
        _ = try workspace.database()
        #expect(try run(arguments + (arguments.first!.hasPrefix("--") || arguments.first == "alerts" ? [] : ["--db", workspace.databasePath]),
                        stdoutFull: true, stderrFull: false, cwd: workspace.path) == 74)
    }

    @Test("--out onto a full device fails clearly and leaves the device node in place")
    func outFileOnFullDevice() throws {
        let workspace = try TestWorkspace()
        let result = try CLI.run(["simulate", "--scenario", "stable", "--customers", "10", "--days", "3", "--out", "/dev/full"],
                                 cwd: workspace.path)
        #expect(result.status == 1 && result.stderr.contains("cannot write /dev/full"))
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/full")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }
}

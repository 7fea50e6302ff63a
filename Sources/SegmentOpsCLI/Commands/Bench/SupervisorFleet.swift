import Alerting
import Foundation
import SegmentStore

/// Several `segmentops` server processes on one database, on loopback ports: started, asked for `/healthz`, killed
/// with SIGKILL and started again, stopped with SIGTERM. The benchmark's view of a deployment.
final class SupervisorFleet: @unchecked Sendable {
    struct Member {
        let port: Int
        var process: Process
    }

    let arguments: [String]
    /// The database URL, handed over in `SEGMENTOPS_DB` (a password never shows in the process list).
    let database: String
    let folder: String
    private(set) var members: [Member] = []
    private let http = CurlTransport()

    /// `arguments` is the command and its options (`supervise --config FILE`); each member adds `--port`.
    init(arguments: [String], database: String, folder: String, ports: [Int]) throws {
        self.arguments = arguments
        self.database = database
        self.folder = folder
        for port in ports { members.append(Member(port: port, process: try launch(port: port))) }
    }

    private func launch(port: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        p.arguments = arguments + ["--port", String(port)]
        p.environment = Self.environment(database: database)
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        let log = folder + "/server-\(port).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    /// `/healthz` of the member on `port`, nil while it does not answer.
    func health(_ port: Int) async -> JSONValue? {
        var request = HTTPRequest(url: "http://127.0.0.1:\(port)/healthz", headers: [], body: Data())
        request.method = "GET"
        let result = await http.send(request, connectTimeout: 0.2, timeout: 0.5)
        guard result.isSuccess else { return nil }
        return try? JSONValue(parsing: String(decoding: result.body, as: UTF8.self))
    }

    /// The member that says it leads, with its epoch.
    func leader() async -> (port: Int, epoch: Int)? {
        for m in members where m.process.isRunning {
            if let h = await health(m.port), h["role"]?.stringValue == "leader", let epoch = h["epoch"]?.intValue {
                return (m.port, epoch)
            }
        }
        return nil
    }

    /// Waits until every member answers `/healthz`.
    func waitUntilServing(timeout: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        for m in members {
            while await health(m.port) == nil {
                guard Date() < deadline, m.process.isRunning else {
                    throw CLIError("server on port \(m.port) did not start; see \(folder)/server-\(m.port).log")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func kill(port: Int) {
        guard let i = members.firstIndex(where: { $0.port == port }) else { return }
        Foundation.kill(members[i].process.processIdentifier, SIGKILL)
        members[i].process.waitUntilExit()
    }

    func restart(port: Int) throws {
        guard let i = members.firstIndex(where: { $0.port == port }) else { return }
        members[i].process = try launch(port: port)
    }

    /// SIGTERM to all, then waits for each to exit.
    func stop() {
        for m in members where m.process.isRunning { m.process.terminate() }
        for m in members { m.process.waitUntilExit() }
    }

    /// Runs one `segmentops` command to its end; its exit status.
    static func runOnce(_ arguments: [String], database: String, folder: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        p.arguments = arguments
        p.environment = environment(database: database)
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func environment(database: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SEGMENTOPS_DB"] = database
        return environment
    }

    static func freePorts(_ n: Int) -> [Int] {
        let base = 20_000 + Int(getpid() % 20_000)
        return (0..<n).map { base + $0 * 7 }
    }
}

extension SupervisorFleet {
    /// A JSON POST to a member; the body of a 2xx answer.
    func post(port: Int, path: String, body: Data) async -> String? {
        let request = HTTPRequest(url: "http://127.0.0.1:\(port)\(path)", headers: [("Content-Type", "application/json")], body: body)
        let result = await CurlTransport().send(request, connectTimeout: 0.2, timeout: 1)
        return result.isSuccess ? String(decoding: result.body, as: UTF8.self) : nil
    }
}

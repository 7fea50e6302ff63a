import ArgumentParser
import Foundation
import Logging

/// The `segmentops` command tree. A library so tests (and the runbook check) parse commands with the real CLI.
public struct SegmentOps: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "segmentops",
        abstract: "Model-operations control plane for the customer-segment model.",
        discussion: """
            Segments are predictions, not states: for each customer a model gives the probability of being an \
            acquirer, a builder or an optimizer. SegmentOps ingests observations, trains and registers versions, \
            monitors drift, alerts on-call, gates promotion and rolls back automatically.

            \(ExitStatus.help)
            """,
        version: "segmentops \(CodeVersionText.value)",
        subcommands: [
            InitCommand.self, SimulateCommand.self, IngestCommand.self, TrainCommand.self, ScoreCommand.self,
            RegistryCommand.self, PromoteCommand.self, RollbackCommand.self, RejectCommand.self, ApproveCommand.self,
            PromotionCommand.self, SegmentsCommand.self, CustomerCommand.self, AttributesCommand.self, FairnessCommand.self,
            DriftCommand.self, EvaluateCommand.self, MonitorCommand.self, AlertsCommand.self, ReplayCommand.self,
            SuperviseCommand.self, ServeCommand.self, StatusCommand.self, DemoCommand.self,
            BenchCommand.self, OpenAPICommand.self, DatabaseCommand.self, StoreCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs; ends the process with the command's exit code.
    public static func runMain(_ arguments: [String]? = nil) async -> Never {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .fromEnvironment(or: .info)
            return handler
        }
        let json = (arguments ?? Array(CommandLine.arguments.dropFirst())).contains("--json")
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitReporting(error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(ExitStatus.success)
        } catch let done as CLIExit {
            Foundation.exit(done.code)
        } catch let error as CLIError {
            report(error.description, json: json)
            Foundation.exit(error.code)
        } catch let error where error is ValidationError || error is ExitCode || error is CleanExit
                    || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exitReporting(error)  // help, usage and version requests: argument-parser's own texts and exit codes
        } catch {
            report(String(describing: error), json: json)
            Foundation.exit(ExitStatus.failure)
        }
    }

    /// argument-parser's message and exit code for help, version and usage errors, written through `Console` so a
    /// failed write is not mistaken for success.
    static func exitReporting(_ error: any Error) -> Never {
        let code = exitCode(for: error).rawValue
        let message = fullMessage(for: error)
        if !message.isEmpty {
            if code == ExitStatus.success { Console.out(message) } else { Console.err(message + "\n") }
        }
        Foundation.exit(code)
    }

    static func report(_ message: String, json: Bool) {
        Console.err("error: \(message)\n")
        if json, let data = try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys]) {
            Console.out(bytes: data + Data("\n".utf8))
        }
    }
}

enum CodeVersionText {
    static let value = "0.1.0"
}

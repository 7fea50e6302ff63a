import Foundation

/// Exit codes the commands document in `--help`.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Bad input, a refused change, a failed check.
    public static let failure: Int32 = 1
    /// Promotion gates failed.
    public static let gatesFailed: Int32 = 3
    /// Promotion held: gates inconclusive (not enough labelled evidence), or a gate warned and an approver is missing.
    public static let inconclusive: Int32 = 4
    /// Compare-and-set conflict: production changed underneath the command.
    public static let conflict: Int32 = 5
    /// Alerts were lost: a notification that every receiver failed (dead-lettered everywhere), or, at the end of a
    /// replay, notifications still undelivered (they stay in the outbox for the next run).
    public static let alertsUndelivered: Int32 = 6
    /// Standard output or standard error could not be written (a full disk, a closed pipe): the output is incomplete.
    public static let outputFailed: Int32 = 74

    public static let help = "Exit codes: 0 success; 1 error (bad input, refused change, failed check); 3 promotion gates "
        + "failed; 4 held (gates inconclusive, or awaiting an approver); 5 production changed underneath the command (compare-and-set); 6 alerts undelivered (a notification every receiver "
        + "failed, or still pending at the end of a replay); 64 usage error; 74 standard output or error could not be written."
}

/// An error already explained to the user, carrying the exit code to end with.
public struct CLIExit: Error {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
}

/// A plain message error for the command line.
public struct CLIError: Error, CustomStringConvertible {
    public let description: String
    public let code: Int32
    public init(_ description: String, code: Int32 = ExitStatus.failure) {
        self.description = description
        self.code = code
    }
}

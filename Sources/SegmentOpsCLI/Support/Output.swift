import Foundation
import SegmentStore

/// Writes a command's result: pretty JSON with sorted keys in `--json` mode, text otherwise.
struct Output {
    let json: Bool

    func emit(_ value: some Encodable) throws {
        let data = try JSONEncoderFactory.pretty().encode(value)
        Console.out(bytes: data + Data("\n".utf8))
    }

    func line(_ text: String = "") {
        Console.out(text)
    }

    /// A progress message for people: on standard error, only on a terminal and never in JSON mode.
    func progress(_ text: String) {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        Console.err("\r\u{1B}[K\(text)")
    }

    func endProgress() {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        Console.err("\r\u{1B}[K")
    }

    static func warn(_ text: String) {
        Console.err("\(text)\n")
    }
}

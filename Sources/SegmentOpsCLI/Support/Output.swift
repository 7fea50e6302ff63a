import Foundation
import SegmentStore

/// Writes a command's result: pretty JSON with sorted keys in `--json` mode, text otherwise.
struct Output {
    let json: Bool

    func emit(_ value: some Encodable) throws {
        let data = try JSONEncoderFactory.pretty().encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    func line(_ text: String = "") {
        print(text)
    }

    /// A progress message for people: on standard error, only on a terminal and never in JSON mode.
    func progress(_ text: String) {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func endProgress() {
        guard !json, isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}

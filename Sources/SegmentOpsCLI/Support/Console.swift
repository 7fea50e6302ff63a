#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import Foundation

/// Standard output and standard error, written with checked `write(2)` calls.
///
/// A write that fails — a full disk, `/dev/full`, a closed descriptor — ends the command with
/// `ExitStatus.outputFailed` (74) rather than being ignored (which would let a command "succeed" with its result
/// lost) or trapping (Foundation's non-throwing `FileHandle.write` does). The failure is reported on standard error
/// when standard error itself still works.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func out(_ text: String = "") { write(STDOUT_FILENO, Array((text + "\n").utf8)) }

    /// Writes raw bytes to standard output.
    static func out(bytes: some Collection<UInt8>) { write(STDOUT_FILENO, Array(bytes)) }

    /// Writes `text` to standard error as it is (callers add the newline).
    static func err(_ text: String) { write(STDERR_FILENO, Array(text.utf8)) }

    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                fail(fd, errno: errno)
            }
            offset += n
        }
    }

    private static func fail(_ fd: Int32, errno code: Int32) -> Never {
        let stream = fd == STDOUT_FILENO ? "standard output" : "standard error"
        if fd != STDERR_FILENO {
            let message = Array("error: cannot write \(stream): \(String(cString: strerror(code))); the command's output is incomplete\n".utf8)
            _ = message.withUnsafeBytes { systemWrite(STDERR_FILENO, $0.baseAddress!, $0.count) }
        }
        exit(ExitStatus.outputFailed)
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
        #elseif canImport(Musl)
        Musl.write(fd, pointer, count)
        #else
        Darwin.write(fd, pointer, count)
        #endif
    }
}

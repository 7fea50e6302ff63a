import Foundation

/// A file a command writes (`--out PATH`), opened in place — so `/dev/stdout`, a named pipe or a device works,
/// and nothing is swapped in behind the path — with every write checked.
struct OutputFile {
    let path: String
    private let handle: FileHandle

    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw CLIError("cannot write \(path): \((error as NSError).localizedDescription); the file is incomplete")
        }
    }

    func write(_ text: String) throws { try write(Data(text.utf8)) }

    func close() throws {
        do { try handle.close() } catch { throw CLIError("cannot finish writing \(path): \(error)") }
    }
}

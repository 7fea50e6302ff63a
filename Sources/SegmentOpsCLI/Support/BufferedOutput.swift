import Foundation

/// Collects output lines and writes them to standard output in large chunks.
struct BufferedOutput {
    private var buffer = [UInt8]()

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        Console.out(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

import NIOCore
import PostgresNIO
import SegmentStore

extension PostgresSession: SQLBulkCopier {
    /// COPY … FROM STDIN in text format, inside the session's current transaction; rows are sent in chunks of
    /// about a megabyte.
    public func copy(into table: String, columns: [String], rowCount: Int,
                     _ writeRow: (Int, inout CopyRowWriter) -> Void) throws {
        var chunks: [ByteBuffer] = []
        var writer = CopyRowWriter()
        for i in 0..<rowCount {
            writeRow(i, &writer)
            if writer.bytes.count >= 1 << 20 { chunks.append(ByteBuffer(bytes: writer.take())) }
        }
        if !writer.bytes.isEmpty { chunks.append(ByteBuffer(bytes: writer.take())) }
        let connection = self.connection, logger = self.logger, location = self.location.description
        let send = chunks
        do {
            try BlockingBridge.run {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { copy in
                    for chunk in send { try await copy.write(chunk) }
                }
            }
        } catch {
            throw PostgresStoreError.from(error, location: location)
        }
    }
}

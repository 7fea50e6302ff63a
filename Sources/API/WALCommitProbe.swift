import Foundation

/// Notices any commit to a SQLite database in WAL mode — by this process or any other — with two memory reads and
/// no system call: it maps the database's WAL index (the `-shm` file) read-only and reads the first copy of its
/// header, whose change counter (`iChange`), frame count (`mxFrame`) and salts move with every committed
/// transaction and every restart of the log (https://www.sqlite.org/walformat.html, "The WAL-Index Header": writers
/// update that copy last, before the commit returns).
///
/// The fingerprint only says "maybe changed": `ModelCache` answers a different fingerprint with the authoritative
/// `PRAGMA data_version`, so a torn read costs one extra check, never a stale model. Open it only after a
/// connection of this process has read the database: SQLite truncates the WAL index only when no connection has it
/// open, and this process's connection keeps it open.
final class WALCommitProbe: @unchecked Sendable {  // immutable after init; the mapping is read-only
    struct Fingerprint: Equatable, Sendable {
        let counterAndFrames: UInt64
        let salts: UInt64
    }

    private let base: UnsafeRawPointer
    private static let headerBytes = 48

    /// Nil when the database has no WAL index (not in WAL mode, in memory) or it cannot be mapped.
    init?(databasePath: String) {
        let fd = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= WALCommitProbe.headerBytes,
              let mapped = mmap(nil, WALCommitProbe.headerBytes, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED
        else { return nil }
        base = UnsafeRawPointer(mapped)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), WALCommitProbe.headerBytes) }

    /// iChange (bytes 8–11) with mxFrame (16–19), and the two salts (32–39), of the header's first copy.
    var fingerprint: Fingerprint {
        let change = base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        let frames = base.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        return Fingerprint(counterAndFrames: UInt64(change) << 32 | UInt64(frames),
                           salts: base.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
    }
}

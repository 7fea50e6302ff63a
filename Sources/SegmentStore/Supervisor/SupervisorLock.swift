import Foundation
import Synchronization

/// One supervisor per database: an exclusive `flock` on `<database>.supervisor.lock`, which the kernel releases
/// when the process dies (even by kill -9). The file names the holder so a second instance can say who runs.
public final class SupervisorLock: @unchecked Sendable {
    public struct Holder: Codable, Sendable, Equatable {
        public let pid: Int32
        public let host: String
        public let since: String
    }

    public struct Held: Error, CustomStringConvertible {
        public let path: String
        public let holder: Holder?
        public var description: String {
            guard let h = holder else { return "another segmentops supervisor holds \(path); stop it first" }
            return "another segmentops supervisor is already running on this database: pid \(h.pid) on \(h.host), since \(h.since) (lock \(path)); stop it first, or point --db elsewhere"
        }
    }

    public let path: String
    private let fd: Int32

    /// Takes the lock or throws `Held` naming the running supervisor.
    public init(databasePath: String, since: String) throws {
        path = databasePath + ".supervisor.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Held(path: path, holder: nil) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = SupervisorLock.readHolder(path)
            close(fd)
            throw Held(path: path, holder: holder)
        }
        self.fd = fd
        let holder = Holder(pid: getpid(), host: ProcessInfo.processInfo.hostName, since: since)
        let data = (try? JSONEncoder().encode(holder)) ?? Data()
        ftruncate(fd, 0)
        _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, data.count, 0) }
        fsync(fd)
    }

    deinit {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Who holds the lock of `databasePath`, if anyone: nil when no supervisor runs on that database. The probe takes
    /// the lock for an instant when it is free (and gives it back at once) without writing to the file; probes of one
    /// process take turns, so two never mistake each other for a supervisor.
    public static func runningHolder(databasePath: String) -> Holder? {
        probes.withLock { _ in
            let path = databasePath + ".supervisor.lock"
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }  // no lock file: no supervisor ever ran here
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                flock(fd, LOCK_UN)
                return nil
            }
            return readHolder(path) ?? Holder(pid: 0, host: "unknown", since: "unknown")
        }
    }

    private static let probes = Mutex(())

    public static func readHolder(_ path: String) -> Holder? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: data)
    }
}

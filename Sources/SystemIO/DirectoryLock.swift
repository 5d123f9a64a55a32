#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on `<directory>/.lock` (flock), held for the life of the
/// process, so two receivers never share one data directory. The kernel drops it when the
/// process dies, even by SIGKILL.
public final class DirectoryLock: Sendable {
    private let fd: Int32

    /// Takes the lock, or throws EWOULDBLOCK when another process holds it.
    public init(directory: String) throws(SystemError) {
        let path = directory + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = SystemError("lock \(path) (is another synap-webhooks using this data directory?)")
            Descriptor.close(fd)
            throw error
        }
        self.fd = fd
    }

    /// True when some process holds the lock on `directory` (checked without keeping it).
    public static func isHeld(directory: String) -> Bool {
        let fd = open(directory + "/.lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Descriptor.close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    deinit { Descriptor.close(fd) }
}

#if canImport(Glibc)
import Glibc
#endif

/// A file opened for appending. Each `append` is one `write(2)` on an O_APPEND descriptor, so
/// lines appended by one process are never interleaved; `sync` makes them durable.
///
/// Not thread-safe by itself: its owner serialises calls (a queue or a lock).
public final class AppendOnlyFile {
    /// The path it was opened with.
    public let path: String
    private var fd: Int32

    /// Opens (creating with `mode` if missing) for appending; `truncate` empties it first.
    public init(path: String, mode: mode_t = 0o600, truncate: Bool = false) throws(SystemError) {
        self.path = path
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        fd = open(path, flags, mode)
        guard fd >= 0 else { throw SystemError("open \(path)") }
    }

    deinit { close() }

    /// The current size of the file (0 when it cannot be read).
    public var size: Int { Descriptor.fileSize(fd) }

    /// False when the path now names another file or none (moved or deleted by logrotate or
    /// an operator), so the caller should reopen instead of writing into a file nobody sees.
    public var isStillAtPath: Bool { Descriptor.isStillNamed(fd, by: path) }

    /// Appends all of `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard fd >= 0 else { throw SystemError("write \(path)", errno: EBADF) }
        try Descriptor.writeAll(fd, bytes, operation: "write \(path)")
    }

    /// Appends all of `bytes`.
    public func append(_ bytes: [UInt8]) throws(SystemError) {
        guard fd >= 0 else { throw SystemError("write \(path)", errno: EBADF) }
        let result = bytes.withUnsafeBytes { raw in Result { () throws(SystemError) in try Descriptor.writeAll(fd, raw, operation: "write \(path)") } }
        try result.get()
    }

    /// Forces the written data to stable storage (fdatasync).
    public func sync() throws(SystemError) {
        guard fd >= 0 else { throw SystemError("fdatasync \(path)", errno: EBADF) }
        while fdatasync(fd) != 0 {
            if errno != EINTR { throw SystemError("fdatasync \(path)") }
        }
    }

    /// Cuts the file back to `length` bytes (used to drop a torn tail after a crash).
    public func truncate(to length: Int) throws(SystemError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw SystemError("ftruncate \(path)") }
    }

    /// Closes the descriptor; later calls fail with EBADF.
    public func close() {
        if fd >= 0 {
            Descriptor.close(fd)
            fd = -1
        }
    }
}

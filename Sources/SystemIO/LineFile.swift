#if canImport(Glibc)
import Glibc
#endif

/// A file of newline-terminated records that only ever holds whole lines: a record is appended
/// whole or not at all, and a torn line left at the end (a power cut) can be cut off.
///
/// Appends take an exclusive `flock` on the file, so two writers in one or more processes
/// (say, a handler and its replacement during a reload, or an atomic rewrite) never see
/// each other's half-written line, and a writer always checks, under that lock, that the
/// path still names its file.
///
/// Not thread-safe by itself: its owner serialises calls.
public final class LineFile {
    /// The path it was opened with.
    public let path: String
    /// True when this open created the file.
    public let created: Bool
    private var fd: Int32
    private let failpoints: FileFailpoints

    /// Opens `path` for appending, creating it with exactly `mode` (whatever the umask) if missing.
    public init(path: String, mode: mode_t = 0o600, failpoints: FileFailpoints = .none) throws(SystemError) {
        self.path = path
        self.failpoints = failpoints
        let flags = O_RDWR | O_APPEND | O_CLOEXEC
        while true {
            let fresh = open(path, flags | O_CREAT | O_EXCL, mode)
            if fresh >= 0 {
                fchmod(fresh, mode)  // open's mode passes through the umask
                fd = fresh
                created = true
                return
            }
            guard errno == EEXIST else { throw SystemError("open \(path)") }
            let existing = open(path, flags)
            if existing >= 0 {
                fd = existing
                created = false
                return
            }
            guard errno == ENOENT else { throw SystemError("open \(path)") }
            // Removed between the two opens: try again.
        }
    }

    deinit { close() }

    /// The current size of the file (0 when it cannot be read).
    public var size: Int { Descriptor.fileSize(fd) }

    /// False when the path now names another file or none (moved, rotated, rewritten or
    /// deleted), so the caller should reopen instead of writing into a file nobody sees.
    public var isStillAtPath: Bool { Descriptor.isStillNamed(fd, by: path) }

    /// Runs `body` holding an exclusive `flock` on the file (waits for other holders).
    public func withExclusiveLock<T>(_ body: () throws(SystemError) -> T) throws(SystemError) -> T {
        guard fd >= 0 else { throw SystemError("flock \(path)", errno: EBADF) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw SystemError("flock \(path)") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Appends `record` (which should end with a newline), and with `sync` waits for
    /// fdatasync. If any of it fails, the file is cut back to its size before the append, so
    /// it never keeps part of the record, nor a record whose durability is unknown (a retry
    /// would then write it twice). Call it under `withExclusiveLock`.
    public func append(_ record: [UInt8], sync: Bool) throws(SystemError) {
        guard fd >= 0 else { throw SystemError("write \(path)", errno: EBADF) }
        let before = size
        do throws(SystemError) {
            try write(record)
            if sync { try self.sync() }
        } catch {
            if FileFailpoints.isCrash(error) { throw error }
            guard ftruncate(fd, off_t(before)) == 0 else {
                let cut = SystemError("ftruncate \(path)")
                throw SystemError("\(error.operation); then could not cut the partial line (\(cut))", errno: error.errno)
            }
            throw error
        }
    }

    private func write(_ bytes: [UInt8]) throws(SystemError) {
        let operation = "write \(path)"
        switch failpoints.action(at: .write(path: path, bytes: bytes.count)) {
        case .proceed:
            let result = bytes.withUnsafeBytes { raw in Result { () throws(SystemError) in try Descriptor.writeAll(fd, raw, operation: operation) } }
            try result.get()
        case .fail(let code):
            throw SystemError(operation, errno: code)
        case .writePartly(let count, let code):
            let part = bytes.prefix(max(0, min(count, bytes.count - 1)))
            let result = part.withUnsafeBytes { raw in Result { () throws(SystemError) in try Descriptor.writeAll(fd, raw, operation: operation) } }
            try result.get()
            throw SystemError(operation, errno: code)
        case .crash:
            throw FileFailpoints.crash(at: .write(path: path, bytes: bytes.count))
        }
    }

    /// Forces the written data to stable storage (fdatasync).
    public func sync() throws(SystemError) {
        guard fd >= 0 else { throw SystemError("fdatasync \(path)", errno: EBADF) }
        try failpoints.check(.sync(path: path))
        while fdatasync(fd) != 0 {
            if errno != EINTR { throw SystemError("fdatasync \(path)") }
        }
    }

    /// Cuts an unterminated last line (a record torn by a power cut or a failed write whose
    /// clean-up failed) and returns how many bytes it removed; 0 when the file ends with a
    /// newline or is empty. Call it under `withExclusiveLock`.
    public func cutTornTail() throws(SystemError) -> Int {
        let length = size
        guard length > 0 else { return 0 }
        let keep = try Self.endOfLastLine(fd: fd, size: length, path: path)
        guard keep < length else { return 0 }
        guard ftruncate(fd, off_t(keep)) == 0 else { throw SystemError("ftruncate \(path)") }
        return length - keep
    }

    /// The offset just after the last newline in the file's first `size` bytes (0 if none).
    static func endOfLastLine(fd: Int32, size: Int, path: String) throws(SystemError) -> Int {
        var end = size
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - chunk.count)
            let count = end - start
            var filled = 0
            while filled < count {
                let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(start + filled)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SystemError("read \(path)", errno: n < 0 ? errno : EIO) }
                filled += n
            }
            if let newline = chunk[0..<count].lastIndex(of: 0x0A) { return start + newline + 1 }
            end = start
        }
        return 0
    }

    /// The error for a path that named another file each time a writer took the lock.
    public static func pathKeepsChanging(_ path: String) -> SystemError {
        SystemError("write \(path): the path keeps naming another file", errno: EAGAIN)
    }

    /// Closes the descriptor; later calls fail with EBADF.
    public func close() {
        if fd >= 0 {
            Descriptor.close(fd)
            fd = -1
        }
    }
}

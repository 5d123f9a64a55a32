import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Standard output or error, written a whole line at a time under a lock, so lines from
/// concurrent handlers and requests never interleave.
public final class StandardStream: Sendable {
    /// Standard output: event log lines.
    public static let output = StandardStream(fd: 1)
    /// Standard error: the receiver's own operational log.
    public static let error = StandardStream(fd: 2)

    private let fd: Int32
    private let lock = Mutex(())

    init(fd: Int32) {
        self.fd = fd
    }

    /// Writes `line` and a newline. Errors (a closed pipe) are ignored: logging must never
    /// take the receiver down.
    public func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Thin, EINTR-safe wrappers over the descriptor calls the server and the journal use.
public enum Descriptor {
    /// What a non-blocking read produced.
    public enum ReadResult: Equatable, Sendable {
        case bytes(Int)
        case wouldBlock
        case endOfFile
        case failed(Int32)
    }

    /// What a non-blocking send produced.
    public enum WriteResult: Equatable, Sendable {
        case wrote(Int)
        case wouldBlock
        case failed(Int32)
    }

    /// Reads into `buffer`, retrying on EINTR.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Sends on a socket with MSG_NOSIGNAL, retrying on EINTR.
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .wrote(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Writes all of `bytes` to a blocking descriptor (a file), retrying on EINTR and short writes.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, operation: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation)
            }
            offset += n
        }
    }

    /// The size of the open file (0 when it cannot be read).
    static func fileSize(_ fd: Int32) -> Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// True when `path` still names the file open at `fd`: false once it was moved, rotated,
    /// rewritten or deleted, so a writer reopens instead of writing into a file nobody sees.
    static func isStillNamed(_ fd: Int32, by path: String) -> Bool {
        var open = stat(), named = stat()
        guard fd >= 0, fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// Closes the sending side only (a TCP FIN); reading goes on until the peer closes.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes once; never retried, since on Linux the descriptor is gone even when close reports EINTR.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Sets O_NONBLOCK on `fd`.
    public static func setNonBlocking(_ fd: Int32) throws(SystemError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SystemError("fcntl O_NONBLOCK") }
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension Descriptor {
    /// Writes what a non-blocking pipe takes now, retrying on EINTR. EPIPE (the reader is gone)
    /// comes back as `.failed(EPIPE)`, provided SIGPIPE is ignored (`Signals.ignoreBrokenPipe`).
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        while true {
            let n = Glibc.write(fd, bytes.baseAddress, bytes.count)
            if n >= 0 { return .wrote(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// A new pipe, both ends close-on-exec and numbered 3 or above (so neither can be mistaken
    /// for a standard stream of a child when this process runs with 0, 1 or 2 closed).
    static func closeOnExecPipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GlibcExtras.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw SystemError("pipe2") }
        } else {
            // Without pipe2 there is a window in which another thread's fork inherits the ends;
            // ProcessSpawner's children close every descriptor above 2 anyway.
            guard Glibc.pipe(&ends) == 0 else { throw SystemError("pipe") }
            for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        for index in ends.indices where ends[index] < 3 {
            let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, 3)
            guard moved >= 0 else {
                let error = SystemError("fcntl F_DUPFD_CLOEXEC")
                ends.forEach(close)
                throw error
            }
            close(ends[index])
            ends[index] = moved
        }
        return (ends[0], ends[1])
    }
}

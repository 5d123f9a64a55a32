#if canImport(Glibc)
import Glibc
#endif

/// A file opened for reading at offsets (`pread`), so a large file is read a piece at a time
/// instead of whole into memory.
///
/// Not thread-safe by itself: its owner serialises calls.
public final class ReadOnlyFile {
    /// The path it was opened with.
    public let path: String
    private var fd: Int32

    /// Opens `path` for reading.
    public init(path: String) throws(SystemError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
    }

    deinit { close() }

    /// The current size of the file.
    public var size: Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Up to `count` bytes from `offset`, appended to `buffer`; returns how many were read
    /// (fewer at the end of the file).
    @discardableResult
    public func read(at offset: Int, count: Int, appendingTo buffer: inout [UInt8]) throws(SystemError) -> Int {
        guard fd >= 0 else { throw SystemError("read \(path)", errno: EBADF) }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + start + filled, count - filled, off_t(offset + filled)) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = SystemError("read \(path)")
                buffer.removeLast(count)
                throw error
            }
            if n == 0 { break }
            filled += n
        }
        buffer.removeLast(count - filled)
        return filled
    }

    /// Closes the descriptor; later reads fail with EBADF.
    public func close() {
        if fd >= 0 {
            Descriptor.close(fd)
            fd = -1
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The file-system calls the journal and the file handler need, with errors that name the path.
public enum FileSystem {
    /// Creates `path` and any missing parents with `mode` (like `mkdir -p`). The default is
    /// private: what the receiver writes holds learner data.
    public static func createDirectories(_ path: String, mode: mode_t = 0o700) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw SystemError("mkdir \(prefix)")
            }
            prefix += "/"
        }
        guard isDirectory(path) else { throw SystemError("mkdir \(path)", errno: ENOTDIR) }
    }

    /// True when `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` names a regular file (following symbolic links).
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// True when `path` exists.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The size of a file in bytes, nil when it does not exist.
    public static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Flushes a directory's entries, so a file created or renamed in it survives a power cut.
    public static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { Descriptor.close(fd) }
        guard fsync(fd) == 0 else { throw SystemError("fsync \(path)") }
    }

    /// The names in a directory (no `.` or `..`), sorted.
    public static func contents(of path: String) throws(SystemError) -> [String] {
        guard let dir = opendir(path) else { throw SystemError("opendir \(path)") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Reads a whole file.
    public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { Descriptor.close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read \(path)")
            }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    /// The last `maxBytes` of a file (all of it when smaller); empty when it does not exist.
    public static func readTail(_ path: String, maxBytes: Int) -> [UInt8] {
        guard let size = size(of: path) else { return [] }
        let start = max(0, size - maxBytes)
        return readRange(path, offset: start, count: size - start)
    }

    /// `count` bytes of a file from `offset` (fewer at its end; empty when it cannot be read).
    public static func readRange(_ path: String, offset: Int, count: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { Descriptor.close(fd) }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = result.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return Array(result[0..<filled])
    }

    /// Last modification time of a file, milliseconds since the epoch.
    public static func modificationTime(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }

    /// Writes `bytes` to `path` atomically: a temporary file, fsync, rename, directory fsync.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(SystemError) {
        let temporary = path + ".tmp"
        let file = try AppendOnlyFile(path: temporary, mode: mode, truncate: true)
        do throws(SystemError) {
            try file.append(bytes)
            try file.sync()
            file.close()
        } catch {
            file.close()
            throw error
        }
        guard Glibc.rename(temporary, path) == 0 else { throw SystemError("rename \(temporary)") }
        try syncDirectory(parent(of: path))
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws(SystemError) {
        if unlink(path) != 0 && errno != ENOENT { throw SystemError("unlink \(path)") }
    }

    /// Renames a file.
    public static func rename(_ from: String, to: String) throws(SystemError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemError("rename \(from)") }
    }

    /// The directory part of a path (`.` when there is none).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Checks that the process may create and write files in `directory`.
    public static func checkWritable(_ directory: String) throws(SystemError) {
        guard access(directory, W_OK | X_OK) == 0 else { throw SystemError("access \(directory)") }
    }
}

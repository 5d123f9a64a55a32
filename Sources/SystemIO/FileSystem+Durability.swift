#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Like `createDirectories`, and with `sync` also fsyncs the parent of each directory it
    /// created, so a file about to be created under them survives a power cut with its path.
    public static func createDirectories(_ path: String, mode: mode_t, sync: Bool) throws(SystemError) {
        var missing: [String] = []
        var probe = path
        while !probe.isEmpty && probe != "/" && probe != "." && !isDirectory(probe) {
            missing.append(probe)
            probe = parent(of: probe)
        }
        guard !missing.isEmpty else { return }
        try createDirectories(path, mode: mode)
        guard sync else { return }
        for directory in missing.reversed() { try syncDirectory(parent(of: directory)) }
    }

    /// The working directory (empty if it cannot be read, say after it was deleted).
    public static func currentDirectory() -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let found = buffer.withUnsafeMutableBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { getcwd($0.baseAddress, $0.count) != nil }
        }
        guard found, let end = buffer.firstIndex(of: 0) else { return "" }
        return String(decoding: buffer[..<end], as: UTF8.self)
    }

    /// `path` made absolute against the working directory, with `.` components and repeated
    /// slashes removed (`..` and symbolic links are left alone: they need the disk to resolve).
    public static func absolutePath(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        let components = full.split(separator: "/").filter { $0 != "." }
        return "/" + components.joined(separator: "/")
    }

    /// Last modification time and size of a file, nil when it does not exist.
    public static func status(of path: String) -> (size: Int, modifiedMilliseconds: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
        return (Int(info.st_size), modified)
    }
}

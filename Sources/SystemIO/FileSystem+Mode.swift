#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Sets a file's or directory's permission bits to exactly `mode`: `open` and `mkdir` apply
    /// the umask, which may leave bits out, and an existing file keeps whatever mode it had.
    public static func setMode(_ path: String, _ mode: mode_t) throws(SystemError) {
        guard chmod(path, mode) == 0 else { throw SystemError("chmod \(path)") }
    }

    /// A file's permission bits, nil when it does not exist.
    public static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Creates `path` and any missing parents like `mkdir -p`, and gives every directory it
    /// creates mode 0700, whatever the umask (mkdir's mode is masked by it, so an explicit chmod
    /// follows). Directories that already exist keep their mode.
    public static func createPrivateDirectories(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) == 0 {
                guard chmod(prefix, 0o700) == 0 else { throw SystemError("chmod \(prefix)") }
            } else if errno != EEXIST {
                throw SystemError("mkdir \(prefix)")
            }
            prefix += "/"
        }
        guard isDirectory(path) else { throw SystemError("mkdir \(path)", errno: ENOTDIR) }
    }

    /// Creates a new file holding `bytes` with mode 0600 whatever the umask, and makes it
    /// durable (fsync of the file and of its directory). Fails with EEXIST when `path` exists,
    /// and never follows a symbolic link there, so it cannot overwrite anything.
    public static func createPrivateFile(_ path: String, contents bytes: [UInt8]) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("create \(path)") }
        do throws(SystemError) {
            guard fchmod(fd, 0o600) == 0 else { throw SystemError("chmod \(path)") }
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(SystemError) in try Descriptor.writeAll(fd, raw, operation: "write \(path)") }
            }
            try result.get()
            while fsync(fd) != 0 {
                if errno != EINTR { throw SystemError("fsync \(path)") }
            }
        } catch {
            Descriptor.close(fd)
            unlink(path)  // a half-written secret is worse than none: the next start makes a new one
            throw error
        }
        Descriptor.close(fd)
        try syncDirectory(parent(of: path))
    }

    /// `count` bytes from the kernel's random source (getrandom(2), as /dev/urandom).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

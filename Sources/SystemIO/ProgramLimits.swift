#if canImport(Glibc)
import Glibc
#endif

/// What the kernel accepts in one `execve`: `E2BIG` beyond either limit (execve(2), "Limits on
/// size of arguments and environment"). Check before spawning, to say which variable is at fault.
public enum ProgramLimits {
    /// Most bytes in one argument or one `NAME=value` environment string, its terminating NUL
    /// included: MAX_ARG_STRLEN, 32 pages (131,072 bytes with 4 KiB pages).
    public static let maxStringBytes = 32 * Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Most bytes for all arguments and environment strings together, NULs and the pointer
    /// arrays included: a quarter of the stack limit (`sysconf(_SC_ARG_MAX)`).
    public static let maxTotalBytes = Int(sysconf(Int32(_SC_ARG_MAX)))

    /// The bytes `arguments` (argv[0] included) and `environment` take in an `execve`, as the
    /// kernel counts them against `maxTotalBytes`: each string with its NUL, plus one pointer each.
    public static func totalBytes(arguments: [String], environment: [String: String]) -> Int {
        let pointer = MemoryLayout<UnsafeRawPointer>.size
        var total = 0
        for argument in arguments { total += argument.utf8.count + 1 + pointer }
        for (name, value) in environment { total += environmentEntryBytes(name: name, value: value) + pointer }
        return total
    }

    /// The bytes of one `NAME=value` string, its NUL included (compare with `maxStringBytes`).
    public static func environmentEntryBytes(name: String, value: String) -> Int {
        name.utf8.count + 1 + value.utf8.count + 1
    }
}

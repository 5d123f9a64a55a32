#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call: which operation, on what, and the `errno` it left.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call or step that failed, e.g. `"bind"` or `"open /var/lib/x"`.
    public let operation: String
    /// The `errno` value observed right after the call.
    public let errno: Int32

    /// Captures the current `errno` for `operation`.
    public init(_ operation: String, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.errno = errno
    }

    /// `"bind: Address already in use (errno 98)"`.
    public var description: String {
        "\(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

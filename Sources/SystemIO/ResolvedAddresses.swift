#if canImport(Glibc)
import Glibc
#endif

/// The stream addresses `host:port` resolves to (getaddrinfo), tried one after the other by
/// the listening and the client socket: each gets a fresh close-on-exec socket of the
/// address's family, and the first attempt that succeeds wins.
enum ResolvedAddresses {
    /// Calls `attempt` with a new socket and each address in turn until one returns a value;
    /// closes the socket of every attempt that throws, and throws the last error (or
    /// `noAddress` when there was none). `passive`: addresses to bind, not to connect to.
    static func first<Value>(
        host: String, port: Int, passive: Bool, noAddress: SystemError,
        _ attempt: (Int32, UnsafeMutablePointer<addrinfo>) throws(SystemError) -> Value
    ) throws(SystemError) -> Value {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = (passive ? AI_PASSIVE : 0) | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let head = list else {
            throw SystemError("resolve \(host): \(String(cString: gai_strerror(status)))", errno: EINVAL)
        }
        defer { freeaddrinfo(list) }
        var lastError = noAddress
        var candidate: UnsafeMutablePointer<addrinfo>? = head
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = SystemError("socket")
                continue
            }
            do throws(SystemError) {
                return try attempt(fd, info)
            } catch {
                lastError = error
                Descriptor.close(fd)
            }
        }
        throw lastError
    }
}

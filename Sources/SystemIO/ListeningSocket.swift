#if canImport(Glibc)
import Glibc
#endif

/// A bound, listening, non-blocking TCP socket.
public struct ListeningSocket: Sendable {
    /// The listening descriptor. Owned by whoever holds this value; close it once.
    public let fd: Int32
    /// The port actually bound (useful after binding port 0).
    public let port: Int

    /// Binds `host:port` and listens. `host` may be an IPv4 or IPv6 literal (`0.0.0.0`, `::`,
    /// `127.0.0.1`) or a name resolved with getaddrinfo. `::` also accepts IPv4 (dual stack).
    public static func bind(host: String, port: Int, backlog: Int32 = 1024) throws(SystemError) -> ListeningSocket {
        try ResolvedAddresses.first(host: host, port: port, passive: true, noAddress: SystemError("bind \(host):\(port)", errno: EADDRNOTAVAIL)) {
            (fd, info) throws(SystemError) -> ListeningSocket in
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if info.pointee.ai_family == AF_INET6 {
                var zero: Int32 = 0
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
            }
            guard Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { throw SystemError("bind \(host):\(port)") }
            guard listen(fd, backlog) == 0 else { throw SystemError("listen \(host):\(port)") }
            try Descriptor.setNonBlocking(fd)
            return ListeningSocket(fd: fd, port: SocketAddress.localPort(of: fd) ?? port)
        }
    }

    /// What one non-blocking accept produced.
    public enum AcceptResult: Sendable {
        case accepted(fd: Int32, peer: SocketAddress)
        case wouldBlock
        /// Out of descriptors (EMFILE/ENFILE): back off before accepting again.
        case exhausted
        case failed(SystemError)
    }

    /// Accepts one connection, non-blocking and close-on-exec, with Nagle off: a whole
    /// response goes out in one send, and Nagle plus delayed ACK would cost ~40 ms a reply.
    public func accept() -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let client = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.accept(fd, $0, &length)
                }
            }
            if client >= 0 {
                // Accepted sockets do not inherit O_NONBLOCK on Linux (accept4 is not exported to Swift here).
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                if (try? Descriptor.setNonBlocking(client)) == nil {
                    Descriptor.close(client)
                    continue
                }
                var one: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return .accepted(fd: client, peer: SocketAddress(storage))
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            default: return .failed(SystemError("accept"))
            }
        }
    }
}

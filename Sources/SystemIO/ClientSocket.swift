#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection for a command-line client: connect within a timeout, then send
/// and receive with that timeout on every call. No Dispatch source or event loop is involved.
public struct ClientSocket: ~Copyable {
    public let fd: Int32
    private let timeout: Double

    /// Connects to `host:port` (each address it resolves to in turn), waiting at most
    /// `timeout` seconds for each.
    public init(host: String, port: Int, timeout: Double) throws(SystemError) {
        fd = try ResolvedAddresses.first(host: host, port: port, passive: false, noAddress: SystemError("connect \(host):\(port)", errno: ECONNREFUSED)) {
            (fd, info) throws(SystemError) -> Int32 in
            try Self.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout, name: "\(host):\(port)")
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            return fd
        }
        self.timeout = timeout
    }

    /// A non-blocking connect waited for with poll, then the socket made blocking again.
    private static func connect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t, timeout: Double, name: String) throws(SystemError) {
        try Descriptor.setNonBlocking(fd)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { throw SystemError("connect \(name)") }
            var pending = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&pending, 1, Int32(timeout * 1000)) } while ready < 0 && errno == EINTR
            guard ready >= 0 else { throw SystemError("connect \(name): poll") }
            guard ready > 0 else { throw SystemError("connect \(name): no answer in \(Int(timeout)) s", errno: ETIMEDOUT) }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size)
            guard failure == 0 else { throw SystemError("connect \(name)", errno: failure) }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
    }

    /// Sends all of `bytes`.
    public func send(_ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw errno == EAGAIN ? SystemError("send: no progress in \(Int(timeout)) s", errno: ETIMEDOUT) : SystemError("send")
            }
            offset += sent
        }
    }

    /// Reads until the peer closes, at most `limit` bytes.
    public func receiveAll(limit: Int) throws(SystemError) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while received.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw errno == EAGAIN ? SystemError("receive: no answer in \(Int(timeout)) s", errno: ETIMEDOUT) : SystemError("receive")
            }
            received += buffer[0..<count]
        }
        return received
    }

    deinit { Descriptor.close(fd) }
}

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for end-to-end tests: it sends exact bytes and reads raw responses.
/// Every socket has a receive and a send timeout, so a test whose server misbehaves fails
/// with `.timedOut` instead of hanging the suite.
final class RawClient {
    /// Why a read or write did not produce what was asked.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case connect(Int32)
        case timedOut
        /// The peer closed (FIN) before a whole response arrived; the partial bytes are kept.
        case closed(partial: Int)
        case reset
        case failed(Int32)
        case malformed(String)

        var description: String {
            switch self {
            case .connect(let code): "connect failed: \(String(cString: strerror(code)))"
            case .timedOut: "timed out waiting for the server"
            case .closed(let partial): "closed by the server after \(partial) bytes of an incomplete response"
            case .reset: "connection reset by the server"
            case .failed(let code): "socket error: \(String(cString: strerror(code)))"
            case .malformed(let why): "malformed response: \(why)"
            }
        }
    }

    /// How a read-to-the-end finished.
    enum Ending: Equatable {
        case closed
        case reset
        case timedOut
    }

    let fd: Int32
    /// Bytes received but not yet returned as a response.
    private(set) var pending: [UInt8] = []

    /// Connects to `host:port` (an IPv4 or IPv6 literal). `receiveBuffer` shrinks SO_RCVBUF
    /// before connecting, to make a client that does not read fill up quickly; `sendBuffer`
    /// shrinks SO_SNDBUF, so what the client has sent is close to what the server has read.
    init(port: Int, host: String = "127.0.0.1", timeout: Double = 2, receiveBuffer: Int? = nil, sendBuffer: Int? = nil) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else { throw .connect(EINVAL) }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connect(errno) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        if let receiveBuffer {
            var size = Int32(receiveBuffer)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let sendBuffer {
            var size = Int32(sendBuffer)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        while Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            if errno == EINTR { continue }
            let code = errno
            Glibc.close(fd)
            throw .connect(code)
        }
        self.fd = fd
    }

    deinit { Glibc.close(fd) }

    /// Closes the sending side (a FIN), as a client does when it is done.
    func closeSending() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: Sending

    /// Sends all of `text`'s UTF-8 bytes.
    func send(_ text: String) throws(Failure) {
        try send(Array(text.utf8))
    }

    /// Sends all of `bytes`, with MSG_NOSIGNAL so a closed peer is an error, not a signal.
    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                offset += n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut
            case ECONNRESET, EPIPE: throw .reset
            case let code: throw .failed(code)
            }
        }
    }

    /// Half-closes: the server sees end of file, the client can still read.
    func finishSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Makes the eventual close send RST instead of FIN (SO_LINGER with a zero timeout).
    func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    // MARK: Receiving

    /// Reads one whole response (a 1xx interim response counts as one).
    /// `bodyless` is for the answer to HEAD, whose Content-Length describes a body not sent.
    func readResponse(bodyless: Bool = false) throws(Failure) -> RawResponse {
        while true {
            switch RawResponse.parse(pending, bodyless: bodyless) {
            case .complete(let response, let used):
                pending.removeFirst(used)
                return response
            case .malformed(let why):
                throw .malformed(why)
            case .incomplete:
                try fill()
            }
        }
    }

    /// Reads until the server closes, resets or the timeout passes; returns what came.
    func readToEnd() -> (bytes: [UInt8], ending: Ending) {
        while true {
            do throws(Failure) {
                try fill()
            } catch .closed {
                return (takePending(), .closed)
            } catch .timedOut {
                return (takePending(), .timedOut)
            } catch {
                return (takePending(), .reset)
            }
        }
    }

    /// Reads and discards; true when the server closes (FIN or RST) with no further bytes.
    func isClosedByServer() -> Bool {
        let (bytes, ending) = readToEnd()
        return bytes.isEmpty && ending != .timedOut
    }

    private func takePending() -> [UInt8] {
        defer { pending = [] }
        return pending
    }

    private func fill() throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                pending.append(contentsOf: chunk[0..<n])
                return
            }
            if n == 0 { throw .closed(partial: pending.count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut
            case ECONNRESET: throw .reset
            case let code: throw .failed(code)
            }
        }
    }
}

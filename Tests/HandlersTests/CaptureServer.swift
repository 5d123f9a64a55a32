import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for the forward handler's tests: it records each request
/// and answers with scripted replies (the last one repeats). One thread per connection, blocking
/// sockets with receive timeouts, keep-alive and `Expect: 100-continue` handled: enough for
/// URLSession, nothing more.
final class CaptureServer: Sendable {
    struct Request: Sendable {
        let method: String
        let target: String
        let headers: [(String, String)]
        let body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = ""
        /// Seconds to wait before answering.
        var delay: Double = 0
    }

    let port: Int
    private let listener: Int32
    private let state: Mutex<(requests: [Request], replies: [Reply], served: Int)>

    /// A server on `port` (0: any free one).
    init(replies: [Reply], port: Int = 0) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        precondition(listen(listener, 16) == 0, "listen failed")
        self.port = Int(UInt16(bigEndian: address.sin_port))
        state = Mutex((requests: [], replies: replies, served: 0))
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }  // closed by stop()
                Thread.detachNewThread { [self] in serve(client) }
            }
        }
    }

    /// The URL of `path` on this server.
    func url(_ path: String = "/hook") -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    var requests: [Request] { state.withLock { $0.requests } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        while true {
            guard let headEnd = readUntilHeadEnd(client, &buffer) else { return }
            let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
            buffer.removeFirst(headEnd + 4)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ").map(String.init)
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let find = { (name: String) in headers.first { $0.0.lowercased() == name }?.1 }
            if find("expect")?.lowercased() == "100-continue" { send(client, "HTTP/1.1 100 Continue\r\n\r\n") }
            let length = Int(find("content-length") ?? "0") ?? 0
            while buffer.count < length {
                guard let more = receive(client) else { return }
                buffer += more
            }
            let body = Array(buffer.prefix(length))
            buffer.removeFirst(length)
            let reply = state.withLock { state -> Reply in
                state.requests.append(Request(method: requestLine[0], target: requestLine[1], headers: headers, body: body))
                let reply = state.replies[min(state.served, state.replies.count - 1)]
                state.served += 1
                return reply
            }
            if reply.delay > 0 { Thread.sleep(forTimeInterval: reply.delay) }
            var text = "HTTP/1.1 \(reply.status) Reply\r\nContent-Length: \(reply.body.utf8.count)\r\n"
            for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
            send(client, text + "\r\n" + reply.body)
        }
    }

    private func readUntilHeadEnd(_ client: Int32, _ buffer: inout [UInt8]) -> Int? {
        let marker: [UInt8] = [13, 10, 13, 10]
        while true {
            if buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<($0 + 4)]) == marker }) {
                return end
            }
            guard let more = receive(client) else { return nil }
            buffer += more
        }
    }

    private func receive(_ client: Int32) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(chunk.prefix(count)) : nil
    }

    private func send(_ client: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }
}

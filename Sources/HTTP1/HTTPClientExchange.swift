import SystemIO

/// One HTTP/1.1 request over a fresh blocking connection (`Connection: close`), read to the
/// end: what the command-line tools send to a receiver (`status --admin`, `probe`, `send` to
/// an http:// URL). No event loop and no Dispatch source, so nothing can outlive the call.
public enum HTTPClientExchange {
    public struct Reply: Sendable {
        public let status: Int
        /// Names lowercased, in the order received.
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name == name.lowercased() }?.value
        }
    }

    /// The most of an answer read (an export of one learner's events is the largest).
    public static let replyLimit = 1 << 30

    /// Sends `method target` to `host:port` with `headers` (Host, Content-Length and
    /// Connection are added) and `body`; waits at most `timeout` seconds for each step.
    public static func send(
        host: String, port: Int, method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = [], timeout: Double
    ) throws(SystemError) -> Reply {
        let socket = try ClientSocket(host: host, port: port, timeout: timeout)
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try socket.send(Array(head.utf8) + body)
        let bytes = try socket.receiveAll(limit: replyLimit)
        guard let reply = parse(bytes) else {
            throw SystemError("\(host):\(port) answered with something that is not HTTP/1.1 (\(bytes.count) bytes)", errno: 71)  // EPROTO
        }
        return reply
    }

    /// The status, headers and body (chunked, sized or to the end) of a whole answer.
    static func parse(_ bytes: [UInt8]) -> Reply? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.firstRange(of: separator) else { return nil }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingWhitespace()))
        }
        var body = Array(bytes[end.upperBound...])
        let reply = Reply(status: status, headers: headers, body: [])
        if reply.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let decoded = dechunk(body) else { return nil }
            body = decoded
        } else if let length = reply.header("content-length").flatMap(Int.init) {
            guard body.count >= length else { return nil }
            body = Array(body.prefix(length))
        }
        return Reply(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: [13, 10]) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingWhitespace(), radix: 16), size >= 0 else { return nil }
            index = lineEnd.upperBound
            if size == 0 { return body }
            guard bytes.count >= index + size + 2 else { return nil }
            body += bytes[index..<(index + size)]
            index += size + 2
        }
    }
}

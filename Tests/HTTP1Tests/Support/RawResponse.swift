/// A response as it came off the wire, parsed strictly enough to catch framing mistakes:
/// the status line, the header fields in order, and exactly Content-Length body bytes.
struct RawResponse: CustomStringConvertible {
    let version: String
    let status: Int
    let reason: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    enum Parse {
        case complete(RawResponse, used: Int)
        case incomplete
        case malformed(String)
    }

    /// The first value of `name` (case-insensitive), or nil.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// How many fields named `name` there are.
    func count(of name: String) -> Int {
        headers.filter { $0.name.lowercased() == name.lowercased() }.count
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// True when the response announces that the server closes the connection after it.
    var closesConnection: Bool { header("connection")?.lowercased() == "close" }

    var description: String { "\(status) \(reason) \(headers.map { "\($0.name): \($0.value)" }) \(text.prefix(200))" }

    /// Parses one response from the front of `bytes`. The server always sends Content-Length
    /// (never chunked, never close-delimited), so its absence on a final response is malformed.
    static func parse(_ bytes: [UInt8], bodyless: Bool = false) -> Parse {
        guard let headEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes) else { return .incomplete }
        let headText = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = String(lines.removeFirst())
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), parts[1].count == 3 else {
            return .malformed("status line \(statusLine.debugDescription)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return .malformed("header line \(line.debugDescription)") }
            let value = line[line.index(after: colon)...].trimmed(of: " \t")
            headers.append((String(line[..<colon]), value))
        }
        let bodyStart = headEnd + 4
        var length = 0
        if !(100..<200).contains(status) && status != 204 && status != 304 {
            let lengths = headers.filter { $0.name.lowercased() == "content-length" }
            guard lengths.count == 1, let declared = Int(lengths[0].value), declared >= 0 else {
                return .malformed("final response needs exactly one Content-Length: \(headers)")
            }
            length = bodyless ? 0 : declared
        }
        guard bytes.count - bodyStart >= length else { return .incomplete }
        let response = RawResponse(
            version: String(parts[0]), status: status, reason: String(parts[2]), headers: headers,
            body: Array(bytes[bodyStart..<(bodyStart + length)]))
        return .complete(response, used: bodyStart + length)
    }

    /// Every whole response in `bytes`, in order, and whatever bytes were left over.
    static func parseAll(_ bytes: [UInt8]) -> (responses: [RawResponse], rest: [UInt8]) {
        var responses: [RawResponse] = []
        var rest = bytes[...]
        while case .complete(let response, let used) = parse(Array(rest)) {
            responses.append(response)
            rest = rest.dropFirst(used)
        }
        return (responses, Array(rest))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimmed(of set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = lastIndex(where: { !characters.contains($0) })!
        return String(self[first...last])
    }
}

/// Progress through a header block: where the current line starts and the lines found so far,
/// all relative to the parser's `consumed` offset.
struct HeadScan: Sendable {
    var checked = 0
    var lineStart = 0
    var lines: [Range<Int>] = []
    var leadingBlankLines = 0
    /// The request line, parsed as soon as it ends, so a malformed one (an HTTP/0.9 `GET /`)
    /// is refused at once instead of waiting for a header block that will never come.
    var requestLine: RequestLine?
}

/// `method SP request-target SP HTTP-version`, parsed.
struct RequestLine: Sendable {
    let method: String
    let target: String
    let version: HTTPVersion
}

extension HTTPRequestParser {
    /// Scans for the end of the header block and parses it; nil while it is incomplete.
    mutating func parseHead() throws(HTTPParseError) -> HTTPRequestHead? {
        let base = consumed
        let end = buffer.count
        var scan = self.scan
        let limits = self.limits
        let complete: Int? = try buffer.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) -> Int? in
            var i = base + scan.checked
            while i < end {
                let byte = bytes[i]
                if byte == 0x0D {  // CR must be followed by LF (RFC 9112 §2.2: no bare CR)
                    if i + 1 == end { break }
                    guard bytes[i + 1] == 0x0A else { throw .bad("bare CR in request head") }
                } else if byte == 0x0A {
                    guard i > base, bytes[i - 1] == 0x0D else { throw .bad("line ends in LF without CR") }
                    let line = scan.lineStart..<(i - 1 - base)
                    scan.lineStart = i + 1 - base
                    if line.isEmpty {
                        if !scan.lines.isEmpty { scan.checked = i + 1 - base; return i + 1 }
                        // RFC 9112 §2.2: ignore empty lines before the request line, within reason.
                        scan.leadingBlankLines += 1
                        guard scan.leadingBlankLines <= 8 else { throw .bad("too many empty lines before the request line") }
                    } else {
                        if scan.lines.isEmpty, line.count > limits.maxRequestLineBytes {
                            throw HTTPParseError(.uriTooLong, "request line longer than \(limits.maxRequestLineBytes) bytes")
                        }
                        scan.lines.append(line)
                        if scan.lines.count - 1 > limits.maxHeaderCount {
                            throw HTTPParseError(.headerFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields")
                        }
                    }
                }
                i += 1
            }
            scan.checked = i - base
            // Refuse oversized heads while they are still arriving, not only once complete.
            if scan.lines.isEmpty {
                if scan.checked - scan.lineStart > limits.maxRequestLineBytes {
                    throw HTTPParseError(.uriTooLong, "request line longer than \(limits.maxRequestLineBytes) bytes")
                }
            } else if scan.checked - scan.lines[0].upperBound > limits.maxHeaderBytes {
                throw HTTPParseError(.headerFieldsTooLarge, "header block larger than \(limits.maxHeaderBytes) bytes")
            }
            return nil
        }
        if scan.requestLine == nil, let line = scan.lines.first {
            scan.requestLine = try parseRequestLine(buffer[(line.lowerBound + base)..<(line.upperBound + base)])
        }
        self.scan = scan
        guard let headEnd = complete, let requestLine = scan.requestLine else { return nil }
        if scan.lines.count > 1, scan.checked - scan.lines[0].upperBound > limits.maxHeaderBytes {
            throw HTTPParseError(.headerFieldsTooLarge, "header block larger than \(limits.maxHeaderBytes) bytes")
        }
        let head = try buildHead(requestLine, fields: scan.lines.dropFirst().map { ($0.lowerBound + base)..<($0.upperBound + base) })
        consumed = headEnd
        return head
    }

    private func buildHead(_ requestLine: RequestLine, fields: [Range<Int>]) throws(HTTPParseError) -> HTTPRequestHead {
        let (method, target, version) = (requestLine.method, requestLine.target, requestLine.version)
        var headers = HTTPHeaders()
        for line in fields {
            let (name, value) = try Self.parseField(buffer[line])
            headers.add(name, value)
        }
        let framing = try MessageFraming(headers: headers, version: version, method: method, limits: limits)
        let hosts = headers.values("host")
        // RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, for any request with more than
        // one, and for a value that is not `uri-host [":" port]`.
        if version == .http11 && hosts.isEmpty { throw .bad("HTTP/1.1 request without Host header") }
        if hosts.count > 1 { throw .bad("more than one Host header") }
        if let host = hosts.first, !HostField.isValid(host) { throw .bad("Host header is not a valid host[:port]") }
        let (path, query) = try RequestTarget.parse(target, method: method)
        return HTTPRequestHead(
            method: method, target: target, path: path, query: query, version: version, headers: headers,
            keepAlive: framing.keepAlive, expectsContinue: framing.expectsContinue, contentLength: framing.contentLength)
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), with single spaces only.
    private func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> RequestLine {
        // Exactly two spaces, found without building a list of them (this runs per request).
        guard let first = line.firstIndex(of: 0x20) else { throw .bad("request line must be: method SP target SP version") }
        // RFC 9112 Appendix C.1: no version is the HTTP/0.9 form, which is not served.
        guard let second = line[(first + 1)...].firstIndex(of: 0x20) else {
            throw .bad("request line has no HTTP version (HTTP/0.9 is not supported)")
        }
        guard !line[(second + 1)...].contains(0x20) else { throw .bad("request line must be: method SP target SP version") }
        let methodBytes = line[line.startIndex..<first]
        let targetBytes = line[(first + 1)..<second]
        let versionBytes = line[(second + 1)...]
        let version = try Self.parseVersion(versionBytes)
        guard !methodBytes.isEmpty, methodBytes.allSatisfy({ ByteClass.token[Int($0)] }) else {
            throw .bad("method is not a token")
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ ByteClass.targetChar[Int($0)] }) else {
            throw .bad("request-target is empty or contains invalid characters")
        }
        return RequestLine(
            method: String(decoding: methodBytes, as: UTF8.self), target: String(decoding: targetBytes, as: UTF8.self), version: version)
    }

    /// `HTTP/DIGIT.DIGIT`; 1.0 and 1.1 are served, any other well-formed version is 505.
    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let start = bytes.startIndex
        guard bytes.count == 8, bytes[start..<(start + 5)].elementsEqual("HTTP/".utf8), bytes[start + 6] == UInt8(ascii: "."),
              (0x30...0x39).contains(bytes[start + 5]), (0x30...0x39).contains(bytes[start + 7])
        else { throw .bad("malformed HTTP version") }
        switch (bytes[start + 5], bytes[start + 7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http11
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http10
        default: throw HTTPParseError(.versionNotSupported, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5). No whitespace before the colon,
    /// no obs-fold, no control characters in the value.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String) {
        guard let first = line.first, !ByteClass.isWhitespace(first) else {
            throw .bad("obsolete line folding is not accepted")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .bad("header line without a colon") }
        let name = line[line.startIndex..<colon]
        if let last = name.last, ByteClass.isWhitespace(last) { throw .bad("whitespace before the colon in a header") }
        guard !name.isEmpty, name.allSatisfy({ ByteClass.token[Int($0)] }) else {
            throw .bad("header name contains an invalid character")
        }
        var value = line[(colon + 1)...]
        while let b = value.first, ByteClass.isWhitespace(b) { value = value.dropFirst() }
        while let b = value.last, ByteClass.isWhitespace(b) { value = value.dropLast() }
        guard value.allSatisfy({ ByteClass.fieldValue[Int($0)] }) else {
            throw .bad("header value contains a control character")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}

/// Progress through a header block: where the current line starts and the lines found so far,
/// all relative to the parser's `consumed` offset.
struct HeadScan: Sendable {
    var checked = 0
    var lineStart = 0
    var lines: [Range<Int>] = []
    var leadingBlankLines = 0
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
        self.scan = scan
        guard let headEnd = complete else { return nil }
        if scan.lines.count > 1, scan.checked - scan.lines[0].upperBound > limits.maxHeaderBytes {
            throw HTTPParseError(.headerFieldsTooLarge, "header block larger than \(limits.maxHeaderBytes) bytes")
        }
        let head = try buildHead(lines: scan.lines.map { ($0.lowerBound + base)..<($0.upperBound + base) })
        consumed = headEnd
        return head
    }

    private func buildHead(lines: [Range<Int>]) throws(HTTPParseError) -> HTTPRequestHead {
        let (method, target, version) = try parseRequestLine(buffer[lines[0]])
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try Self.parseField(buffer[line])
            headers.add(name, value)
        }
        let framing = try MessageFraming(headers: headers, version: version, method: method, limits: limits)
        let hosts = headers.values("host")
        if version == .http11 && hosts.count != 1 {
            throw .bad(hosts.isEmpty ? "HTTP/1.1 request without Host header" : "more than one Host header")
        }
        let (path, query) = try RequestTarget.parse(target, method: method)
        return HTTPRequestHead(
            method: method, target: target, path: path, query: query, version: version, headers: headers,
            keepAlive: framing.keepAlive, expectsContinue: framing.expectsContinue, contentLength: framing.contentLength)
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), with single spaces only.
    private func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String, HTTPVersion) {
        // Exactly two spaces, found without building a list of them (this runs per request).
        guard let first = line.firstIndex(of: 0x20), let second = line[(first + 1)...].firstIndex(of: 0x20),
              !line[(second + 1)...].contains(0x20)
        else { throw .bad("request line must be: method SP target SP version") }
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
        return (String(decoding: methodBytes, as: UTF8.self), String(decoding: targetBytes, as: UTF8.self), version)
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

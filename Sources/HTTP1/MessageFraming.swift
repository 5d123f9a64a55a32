/// How a request's body is delimited and whether its connection persists, decided from its
/// headers by the rules of RFC 9112 §6 and §9.
struct MessageFraming {
    /// The declared length, nil for chunked (or for no body at all: then `chunked` is false).
    let contentLength: Int?
    let chunked: Bool
    let keepAlive: Bool
    let expectsContinue: Bool

    init(headers: HTTPHeaders, version: HTTPVersion, method: String, limits: HTTPLimits) throws(HTTPParseError) {
        let encodings = headers.values("transfer-encoding")
        let lengths = headers.values("content-length")
        if !encodings.isEmpty {
            // RFC 9112 §6.1: both present is a smuggling attempt; §6.3: TE in HTTP/1.0 is faulty framing.
            guard lengths.isEmpty else { throw .bad("both Transfer-Encoding and Content-Length") }
            guard version == .http11 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = encodings.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingWhitespace().lowercased() }
            if codings.contains(where: { $0 != "chunked" }) {
                throw HTTPParseError(.notImplemented, "only the chunked transfer coding is supported")
            }
            guard codings.count == 1 else { throw .bad("chunked must be applied exactly once") }
            contentLength = nil
            chunked = true
        } else if !lengths.isEmpty {
            contentLength = try Self.parseContentLength(lengths)
            chunked = false
        } else {
            // RFC 9112 §6.3: no framing means no body; a POST without one is refused with 411.
            if ["POST", "PUT", "PATCH"].contains(method) {
                throw HTTPParseError(.lengthRequired, "a \(method) needs Content-Length or chunked Transfer-Encoding")
            }
            contentLength = 0
            chunked = false
        }
        if let length = contentLength, length > limits.maxBodyBytes {
            throw HTTPParseError(.contentTooLarge, "body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes)")
        }
        let options = headers.values("connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace().lowercased() }
        keepAlive = version == .http11 ? !options.contains("close") : options.contains("keep-alive")
        if let expectation = headers["expect"] {
            guard Substring(expectation).trimmingWhitespace().lowercased() == "100-continue" else {
                throw HTTPParseError(.expectationFailed, "only Expect: 100-continue is supported")
            }
            expectsContinue = version == .http11
        } else {
            expectsContinue = false
        }
    }

    /// Content-Length is 1*DIGIT; repeated or listed values must all agree (RFC 9112 §6.3).
    private static func parseContentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for item in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = item.trimmingWhitespace()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw .bad("Content-Length is not a plain decimal number")
            }
            // Too many digits to be within any limit: report it as too large, not malformed.
            let value = digits.utf8.count > 15 ? Int.max : Int(digits)!
            if let previous = result, previous != value { throw .bad("conflicting Content-Length values") }
            result = value
        }
        guard let length = result else { throw .bad("empty Content-Length") }
        return length
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    public func trimmingWhitespace() -> String {
        let bytes = utf8
        guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let end = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(self[start...end])
    }
}

/// A sans-IO HTTP/1.1 request parser (RFC 9112). Feed it bytes with `append`, then call
/// `next()` until it returns nil. For every request it yields `.head` once the header block is
/// complete (before any body byte is needed, so `Expect: 100-continue` can be answered) and
/// then `.request` once the body is complete. Pipelined requests come out one after another.
///
/// After an error every later call throws the same error: framing is lost and the connection
/// must answer and close.
public struct HTTPRequestParser: Sendable {
    /// What `next()` found.
    public enum Event: Sendable {
        case head(HTTPRequestHead)
        case request(HTTPRequest)
    }

    enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunked(ChunkPhase)
        case ready
        case failed(HTTPParseError)
    }

    enum ChunkPhase: Sendable, Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int)
    }

    /// The limits in force.
    public let limits: HTTPLimits
    var buffer: [UInt8] = []
    /// Bytes at the front of `buffer` that belong to earlier, finished work.
    var consumed = 0
    var state: State = .head
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    /// Head scanning progress, relative to `consumed`, so a head fed byte by byte is scanned once.
    var scan = HeadScan()

    /// A parser with `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Adds bytes received from the peer.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes received from the peer.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Bytes received but not yet parsed.
    public var bufferedByteCount: Int { buffer.count - consumed }

    /// True once the head of the current request is parsed and its body is still arriving.
    public var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunked: return true
        default: return false
        }
    }

    /// The next complete head or request, nil when more bytes are needed.
    public mutating func next() throws(HTTPParseError) -> Event? {
        do throws(HTTPParseError) {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        switch state {
        case .failed(let error):
            throw error
        case .head:
            guard let parsed = try parseHead() else { return nil }
            head = parsed
            body = []
            // The body's storage is reserved when its first byte arrives, not here: a request
            // refused from its head (401, 404) must cost nothing for the body it announced.
            if let length = parsed.contentLength {
                state = length == 0 ? .ready : .fixedBody(remaining: length)
            } else if parsed.headers["transfer-encoding"] != nil {
                state = .chunked(.size)
            } else {
                state = .ready
            }
            return .head(parsed)
        case .fixedBody(let remaining):
            let take = min(remaining, bufferedByteCount)
            if take > 0 {
                if body.isEmpty { body.reserveCapacity(remaining) }
                body.append(contentsOf: buffer[consumed..<(consumed + take)])
                consumed += take
            }
            if take < remaining {
                state = .fixedBody(remaining: remaining - take)
                return nil
            }
            return finishRequest()
        case .chunked(let phase):
            return try parseChunked(phase)
        case .ready:
            return finishRequest()
        }
    }

    mutating func finishRequest() -> Event {
        let request = HTTPRequest(head: head!, body: body)
        startNextRequest()
        return .request(request)
    }

    /// Drops the current request (after `.head`) without reading its body into memory, when the
    /// whole body has already arrived (or there is none): the connection can then go on to the
    /// next request after answering this one unread. False, and nothing changes, while the body
    /// is still arriving or is chunked; the connection must then close.
    public mutating func skipBufferedBody() -> Bool {
        switch state {
        case .ready:
            break
        case .fixedBody(let remaining) where remaining <= bufferedByteCount:
            consumed += remaining
        default:
            return false
        }
        startNextRequest()
        return true
    }

    private mutating func startNextRequest() {
        head = nil
        body = []
        state = .head
        scan = HeadScan()
        // Release the request's raw bytes now, not at the next append: the body was copied out,
        // and an idle keep-alive connection would otherwise hold both copies until it speaks.
        if consumed == buffer.count { compactIfWorthwhile() }
    }

    /// Drops parsed bytes from the front once they are a large share of the buffer, so a
    /// long keep-alive connection does not grow its buffer without bound.
    private mutating func compactIfWorthwhile() {
        guard consumed > 0 else { return }
        if consumed == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
            consumed = 0
        } else if consumed >= 4096 && consumed * 2 >= buffer.count {
            buffer.removeSubrange(0..<consumed)
            consumed = 0
        }
    }
}

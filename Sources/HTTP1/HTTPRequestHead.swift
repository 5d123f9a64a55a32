/// A parsed request line and header block, before (or without) its body.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method as sent; methods are case-sensitive (RFC 9110 §9.1).
    public let method: String
    /// The request-target exactly as sent.
    public let target: String
    /// The normalised, percent-decoded path used for routing (see `RequestTarget`).
    public let path: String
    /// The raw query string after `?`, if any.
    public let query: String?
    /// The protocol version.
    public let version: HTTPVersion
    /// All header fields.
    public let headers: HTTPHeaders
    /// Whether the connection stays open after the answer (RFC 9112 §9.3).
    public let keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits before sending the body.
    public let expectsContinue: Bool
    /// The declared body length, nil for chunked bodies.
    public let contentLength: Int?
}

/// A complete request: its head and the whole body, de-chunked.
public struct HTTPRequest: Sendable {
    /// The request line and headers.
    public let head: HTTPRequestHead
    /// The body bytes as received (after removing chunked framing).
    public let body: [UInt8]

    /// A request from its parts.
    public init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }
}

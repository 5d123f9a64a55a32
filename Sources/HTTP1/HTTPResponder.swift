import Dispatch
import SystemIO

/// What the server knows about a request besides its bytes.
public struct HTTPRequestContext: Sendable {
    /// The TCP peer (the reverse proxy, when there is one).
    public let peer: SocketAddress
    /// A short id unique within this process's lifetime, for logs and the `X-Request-Id` header.
    public let requestID: String
    /// The connection's serial queue. An answer that comes later from another thread (after a
    /// journal's fsync) is prepared here, so that thread only hands it on.
    public let queue: DispatchQueue

    public init(peer: SocketAddress, requestID: String, queue: DispatchQueue) {
        self.peer = peer
        self.requestID = requestID
        self.queue = queue
    }
}

/// Produces the answer to each request. The server calls it on the connection's queue; the
/// answer may come later and from any thread (acknowledgement waits for the journal's fsync),
/// so no thread is parked per request.
public protocol HTTPResponder: Sendable {
    /// Called when a request's head says `Expect: 100-continue`: return nil to have the server
    /// send 100 and read the body, or the final answer (401, 404, ...) to refuse it unread.
    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse?

    /// Answers a complete request by calling `completion` exactly once.
    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void)
}

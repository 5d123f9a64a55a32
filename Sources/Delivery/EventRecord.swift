/// What the journal keeps of an acknowledged request: enough to dispatch it again after a
/// crash, replay it, or audit it.
public struct EventRecord: Sendable, Equatable {
    /// The receiver-assigned id.
    public let id: EventID
    /// Receipt time, milliseconds since the epoch.
    public let receivedAt: Int64
    /// The route path the request arrived on.
    public let route: String
    /// The event kind the route names (`attempt.completed`, or `auto`).
    public let kind: String
    /// The handlers the route named at receipt, each of which must see the event.
    public let handlers: [String]
    /// The HTTP request id, to match log lines.
    public let requestID: String
    /// The request's Content-Type, as sent (empty when absent).
    public let contentType: String
    /// The body exactly as received.
    public let body: [UInt8]

    /// A record from its parts.
    public init(
        id: EventID, receivedAt: Int64, route: String, kind: String, handlers: [String], requestID: String,
        contentType: String, body: [UInt8]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.route = route
        self.kind = kind
        self.handlers = handlers
        self.requestID = requestID
        self.contentType = contentType
        self.body = body
    }
}

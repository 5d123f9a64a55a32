import SynapEvents

/// One event on its way to one handler. A single struct, so fields can be added without
/// breaking handlers.
public struct Delivery: Sendable {
    /// The receiver-assigned id (stable across retries, restarts and replays).
    public let id: EventID
    /// Receipt time, milliseconds since the epoch.
    public let receivedAt: Int64
    /// The route path it arrived on.
    public let route: String
    /// The decoded event.
    public let event: SynapEvent
    /// How the kind was decided: `route`, `meta.eventName` or `payload shape`.
    public let kindRule: String
    /// The body exactly as received.
    public let body: [UInt8]
    /// The HTTP request id that carried it.
    public let requestID: String
    /// 1 for the first try, 2 for the first retry, and so on.
    public let attempt: Int
    /// True when this event may have reached the handler before (recovered after a restart, or replayed).
    public let isRedelivery: Bool

    /// A delivery from its parts.
    public init(
        id: EventID, receivedAt: Int64, route: String, event: SynapEvent, kindRule: String, body: [UInt8],
        requestID: String, attempt: Int = 1, isRedelivery: Bool = false
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.route = route
        self.event = event
        self.kindRule = kindRule
        self.body = body
        self.requestID = requestID
        self.attempt = attempt
        self.isRedelivery = isRedelivery
        self.summary = event.summary  // computed once: log lines and filters read it per field
    }

    /// The event's kind.
    public var kind: EventKind { event.kind }
    /// The key fields handlers show.
    public let summary: EventSummary

    /// The same delivery, one attempt later.
    func retried() -> Delivery {
        Delivery(
            id: id, receivedAt: receivedAt, route: route, event: event, kindRule: kindRule, body: body,
            requestID: requestID, attempt: attempt + 1, isRedelivery: isRedelivery)
    }
}

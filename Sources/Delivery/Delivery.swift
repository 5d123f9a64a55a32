import SynapEvents

/// One event on its way to one handler. A single struct, so fields can be added without
/// breaking handlers.
///
/// The fields live in one shared, immutable box: a delivery is copied through queues and
/// retries for every handler, and copying the box is one reference count instead of one per
/// string, array and model field (perf showed those copies at ~3% of the receiver's CPU).
public struct Delivery: Sendable {
    private final class Storage: Sendable {
        let id: EventID
        let receivedAt: Int64
        let route: String
        let event: SynapEvent
        let summary: EventSummary
        let kindRule: String
        let body: [UInt8]
        let requestID: String

        init(id: EventID, receivedAt: Int64, route: String, event: SynapEvent, kindRule: String, body: [UInt8], requestID: String) {
            self.id = id
            self.receivedAt = receivedAt
            self.route = route
            self.event = event
            self.summary = event.summary  // computed once: log lines and filters read it per field
            self.kindRule = kindRule
            self.body = body
            self.requestID = requestID
        }
    }

    private let storage: Storage
    /// 1 for the first try, 2 for the first retry, and so on (counting on across restarts).
    public let attempt: Int
    /// True when this event may have reached the handler before (recovered after a restart, or replayed).
    public let isRedelivery: Bool

    /// A delivery from its parts.
    public init(
        id: EventID, receivedAt: Int64, route: String, event: SynapEvent, kindRule: String, body: [UInt8],
        requestID: String, attempt: Int = 1, isRedelivery: Bool = false
    ) {
        self.storage = Storage(id: id, receivedAt: receivedAt, route: route, event: event, kindRule: kindRule, body: body, requestID: requestID)
        self.attempt = attempt
        self.isRedelivery = isRedelivery
    }

    private init(storage: Storage, attempt: Int, isRedelivery: Bool) {
        self.storage = storage
        self.attempt = attempt
        self.isRedelivery = isRedelivery
    }

    /// The receiver-assigned id (stable across retries, restarts and replays).
    public var id: EventID { storage.id }
    /// Receipt time, milliseconds since the epoch.
    public var receivedAt: Int64 { storage.receivedAt }
    /// The route path it arrived on.
    public var route: String { storage.route }
    /// The decoded event.
    public var event: SynapEvent { storage.event }
    /// How the kind was decided: `route`, `meta.eventName` or `payload shape`.
    public var kindRule: String { storage.kindRule }
    /// The body exactly as received.
    public var body: [UInt8] { storage.body }
    /// The HTTP request id that carried it.
    public var requestID: String { storage.requestID }
    /// The event's kind.
    public var kind: EventKind { storage.event.kind }
    /// The key fields handlers show.
    public var summary: EventSummary { storage.summary }

    /// The same event for try `attempt`.
    func with(attempt: Int, isRedelivery: Bool) -> Delivery {
        Delivery(storage: storage, attempt: attempt, isRedelivery: isRedelivery)
    }
}

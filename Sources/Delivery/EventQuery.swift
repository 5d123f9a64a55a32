/// Which events a console page or the events API lists: a search term and filters, newest
/// first, a page at a time.
public struct EventQuery: Sendable, Equatable {
    /// An event id, or a learner's email, name or user id, or a Synap attempt id (exact, case
    /// and surrounding spaces aside).
    public var text: String?
    public var kind: String?
    public var route: String?
    /// `delivered`, `retrying`, `dead`, `quarantined`, `pending` (or any handler status): an event
    /// matches when any of its handlers is in it, or with `handler` too, when that one is.
    public var state: String?
    public var handler: String?
    /// Receipt time bounds, ms since the epoch, inclusive.
    public var since: Int64?
    public var until: Int64?
    /// The page after this id (the last of the previous page): pages stay stable while events
    /// keep arriving, since ids only grow.
    public var before: EventID?
    public var limit: Int

    public init(
        text: String? = nil, kind: String? = nil, route: String? = nil, state: String? = nil, handler: String? = nil, since: Int64? = nil,
        until: Int64? = nil, before: EventID? = nil, limit: Int = 50
    ) {
        self.text = text
        self.kind = kind
        self.route = route
        self.state = state
        self.handler = handler
        self.since = since
        self.until = until
        self.before = before
        self.limit = limit
    }
}

/// One event as a list shows it: its index entry and its state with each handler now.
public struct IndexedEvent: Sendable, Equatable {
    public let entry: IndexEntry
    /// Handler name and status (`delivered`, `retrying`, `dead`, ...), in the event's order.
    public let handlers: [(name: String, status: String)]
    /// Why it is quarantined, when it is.
    public let quarantine: String?

    public static func == (a: IndexedEvent, b: IndexedEvent) -> Bool {
        a.entry == b.entry && a.quarantine == b.quarantine && a.handlers.map(\.name) == b.handlers.map(\.name)
            && a.handlers.map(\.status) == b.handlers.map(\.status)
    }

    /// True when any handler (or the event, for `quarantined`) is in `state`.
    func isIn(_ state: String) -> Bool {
        if state == "quarantined" { return quarantine != nil }
        return handlers.contains { $0.status == state }
    }
}

/// A page of events, and the cursor for the next one (nil on the last page).
public struct EventPage: Sendable, Equatable {
    public let events: [IndexedEvent]
    public let next: EventID?
}

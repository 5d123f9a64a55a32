/// Which events an operation is about: where to look, and filters on id, route, handler and
/// receipt time.
public struct EventSelection: Sendable, Equatable {
    /// Where the events are looked for.
    public enum Source: String, Sendable, CaseIterable {
        /// Every event still in the journal.
        case journal
        /// Deliveries given up on.
        case deadLetters = "dead-letters"
        /// Events whose payload did not fit their model.
        case quarantine
    }

    public var source: Source = .journal
    public var ids: Set<EventID> = []
    public var route: String?
    public var handler: String?
    /// Receipt time bounds, ms since the epoch, inclusive.
    public var since: Int64?
    public var until: Int64?

    public init(source: Source = .journal, ids: Set<EventID> = [], route: String? = nil, handler: String? = nil, since: Int64? = nil, until: Int64? = nil) {
        self.source = source
        self.ids = ids
        self.route = route
        self.handler = handler
        self.since = since
        self.until = until
    }

    /// True when an event with these facts is selected (the source and handler aside).
    public func matches(id: EventID, route: String, receivedAt: Int64) -> Bool {
        (ids.isEmpty || ids.contains(id)) && (self.route == nil || self.route == route)
            && (since.map { receivedAt >= $0 } ?? true) && (until.map { receivedAt <= $0 } ?? true)
    }
}

/// What the ledger keeps of an event that is not settled: where its body is in the journal,
/// its receipt facts, and its state with each handler and as a whole.
public struct LedgerEntry: Sendable, Equatable {
    public let id: EventID
    public let receivedAt: Int64
    public let route: String
    /// The kind its route names (`attempt.completed`, or `auto`).
    public let kind: String
    public let requestID: String
    /// Where the event record (or its latest copy) is.
    public internal(set) var position: JournalPosition
    public let bodyBytes: Int
    /// Its state with each handler that is to see it.
    public internal(set) var handlers: [HandlerProgress]
    /// Why it is quarantined, and since when; nil when it is not.
    public internal(set) var quarantine: Quarantine?
    /// The sequence of the last change of the whole event.
    public internal(set) var sequence: UInt64 = 0

    /// A quarantined event's reason and time.
    public struct Quarantine: Sendable, Equatable {
        public let reason: String
        public let since: Int64
    }

    init(_ record: EventRecord, at position: JournalPosition) {
        id = record.id
        receivedAt = record.receivedAt
        route = record.route
        kind = record.kind
        requestID = record.requestID
        self.position = position
        bodyBytes = record.body.count
        handlers = record.handlers.map { HandlerProgress(handler: $0, receivedAt: record.receivedAt) }
    }

    init(
        id: EventID, receivedAt: Int64, route: String, kind: String, requestID: String, position: JournalPosition,
        bodyBytes: Int, handlers: [HandlerProgress], quarantine: Quarantine?, sequence: UInt64
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.route = route
        self.kind = kind
        self.requestID = requestID
        self.position = position
        self.bodyBytes = bodyBytes
        self.handlers = handlers
        self.quarantine = quarantine
        self.sequence = sequence
    }

    /// Nothing more will happen to it: every handler is finished and it is not quarantined.
    public var isSettled: Bool { quarantine == nil && handlers.allSatisfy(\.status.isFinal) }

    /// The state with `handler`, if it is to see the event.
    public func progress(for handler: String) -> HandlerProgress? {
        handlers.first { $0.handler == handler }
    }

    /// How many of its deliveries are dead letters.
    public var deadCount: Int { handlers.reduce(0) { $0 + ($1.status == .dead ? 1 : 0) } }

    /// Applies a change; true when it changed anything.
    mutating func apply(_ transition: Transition) -> Bool {
        guard let handler = transition.handler else { return applyToEvent(transition) }
        if let index = handlers.firstIndex(where: { $0.handler == handler }) {
            return handlers[index].apply(transition)
        }
        // A replay to a handler the event did not name at receipt (a dead letter of a removed
        // handler sent to its successor).
        guard case .pending = transition.change else { return false }
        var progress = HandlerProgress(handler: handler, receivedAt: receivedAt)
        _ = progress.apply(transition)
        handlers.append(progress)
        return true
    }

    private mutating func applyToEvent(_ transition: Transition) -> Bool {
        guard transition.sequence > sequence || transition.sequence == 0 else { return false }
        switch transition.change {
        case .quarantined(let reason):
            quarantine = Quarantine(reason: reason, since: transition.at > 0 ? transition.at : receivedAt)
        case .released:
            quarantine = nil
        case .duplicate:
            quarantine = nil
            for index in handlers.indices where !handlers[index].status.isFinal {
                handlers[index].status = .resolved
                handlers[index].lastError = "a duplicate of an earlier event"
            }
        default:
            return false
        }
        sequence = transition.sequence
        return true
    }
}

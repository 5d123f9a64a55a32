/// A handler's final word on an event: delivered, skipped by a filter, or given up on.
public struct AckRecord: Sendable, Equatable {
    /// How a handler finished with an event.
    public enum Outcome: UInt8, Sendable {
        case delivered = 1
        case filteredOut = 2
        case deadLettered = 3
        /// The body did not fit its model; it went to the quarantine instead of the handlers.
        case quarantined = 4
    }

    /// The event.
    public let id: EventID
    /// The handler, or `*` for outcomes that concern every handler (quarantine).
    public let handler: String
    /// What happened.
    public let outcome: Outcome

    /// An ack from its parts.
    public init(id: EventID, handler: String, outcome: Outcome) {
        self.id = id
        self.handler = handler
        self.outcome = outcome
    }
}

import SynapEvents

/// What the delivery engine reports to logs and metrics.
public enum DeliveryEvent: Sendable {
    case delivered(handler: String, delivery: Delivery, seconds: Double)
    case filteredOut(handler: String, id: EventID)
    case failed(handler: String, delivery: Delivery, error: String, retryIn: Double)
    /// An event kept failing at the head of the queue while others may succeed: it moves to its
    /// own retry schedule and the events behind it proceed.
    case setAside(handler: String, id: EventID, attempts: Int)
    case deadLettered(handler: String, id: EventID, attempts: Int, error: String)
    case quarantined(id: EventID, route: String, kind: String, error: String)
    /// A reload removed a handler: its unfinished deliveries became dead letters.
    case handlerRemoved(handler: String, deadLettered: Int)
    /// Dead letters or quarantined events whose retention ended.
    case expired(deadLetters: Int, quarantined: Int)
    /// Something could not be stored or read back (a disk problem).
    case storeFailed(what: String, error: String)
    /// Journal segments were deleted (retention, or room for new events) or compacted.
    case segmentsRemoved(count: Int, carriedForward: Int, journalBytes: Int)
    /// Reading the journal at start-up finished.
    case recovered(events: Int, resumed: Int, seconds: Double, warnings: [String])
}

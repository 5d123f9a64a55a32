import JSONSyntax

/// The `meta` block. Most payloads carry `{ timestamp }` only; `attempt.started`, `exam.started`,
/// `attemptOverride.created`, Exam Results Released and `learningRecord.created` add `eventName`.
/// `user.registered`, `user.updated`, `flag.planted` and Store Purchase have no `meta` at all.
public struct EventMeta: Sendable, Equatable, Codable {
    /// When Synap produced the event.
    public let timestamp: SynapTimestamp?
    /// Synap's event code, where the payload carries one.
    public let eventName: String?

    /// Creates a meta block.
    public init(timestamp: SynapTimestamp? = nil, eventName: String? = nil) {
        self.timestamp = timestamp
        self.eventName = eventName
    }
}

extension EventMeta: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        timestamp = try object.optional("timestamp")
        eventName = try object.optional("eventName")
    }
}

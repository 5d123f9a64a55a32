/// What a replay did, delivery by delivery (an event to one handler).
public struct ReplayReport: Sendable, Equatable {
    /// Put back in line.
    public var replayed = 0
    /// Already delivered (or filtered out, or resolved): not sent again without `force`.
    public var skippedDone = 0
    /// Already delivered to a handler that never takes an event twice (a file sink): skipped even with `force`.
    public var skippedNeverRepeated = 0
    /// Still waiting or being retried: already on its way.
    public var alreadyUnderway = 0
    /// Quarantined events that now fit their model and went to their route's handlers.
    public var released = 0
    /// Quarantined events that still do not fit: they stay quarantined, once.
    public var stillQuarantined = 0
    /// Deliveries to a handler that is not configured (name it with `to`).
    public var unknownHandler = 0

    public init() {}

    /// Deliveries looked at.
    public var total: Int { replayed + skippedDone + skippedNeverRepeated + alreadyUnderway + released + stillQuarantined + unknownHandler }
}

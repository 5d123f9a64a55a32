/// What a journal holds, worked out from its records: the events some handler has not
/// finished, per handler. Used by `status` when the receiver is not running.
public struct JournalSummary: Sendable {
    /// Unfinished events per handler name.
    public let unfinishedByHandler: [String: Int]
    /// Events recorded in all.
    public let events: Int
    /// Events some handler has not finished.
    public let unfinishedEvents: Int

    public init(_ recovery: JournalRecovery) {
        var remaining: [EventID: Set<String>] = [:]
        var events = 0
        for (_, record) in recovery.records {
            switch record {
            case .event(let event):
                if remaining[event.id] == nil { events += 1 }
                remaining[event.id] = Set(event.handlers)
            case .ack(let ack):
                if ack.handler == "*" { remaining[ack.id] = [] } else { remaining[ack.id]?.remove(ack.handler) }
            }
        }
        var byHandler: [String: Int] = [:]
        for handlers in remaining.values {
            for handler in handlers { byHandler[handler, default: 0] += 1 }
        }
        unfinishedByHandler = byHandler
        self.events = events
        unfinishedEvents = remaining.values.filter { !$0.isEmpty }.count
    }
}

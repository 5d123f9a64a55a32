/// Counts and oldest times read off a ledger: what `status`, metrics and readiness show. Built
/// the same way from a running engine's ledger and from one read off a stopped receiver's data
/// directory, so both print the same.
public struct LedgerSummary: Sendable, Equatable {
    /// One handler's backlog and health.
    public struct Handler: Sendable, Equatable {
        public let name: String
        /// Deliveries waiting their turn (including those in flight).
        public internal(set) var pending = 0
        /// Deliveries whose last try failed, waiting for the next.
        public internal(set) var retrying = 0
        /// Dead letters.
        public internal(set) var dead = 0
        /// The newest failure among the retrying deliveries, and when the oldest of them was received.
        public internal(set) var lastError: String?
        public internal(set) var lastErrorAt: Int64?
        public internal(set) var oldestUnfinished: Int64?

        public var backlog: Int { pending + retrying }
    }

    /// The handlers named, in order, each with its counts.
    public internal(set) var handlers: [Handler]
    /// Dead letters of handlers not configured any more, by handler.
    public internal(set) var deadOfOtherHandlers: [String: Int] = [:]
    public internal(set) var unsettledEvents = 0
    public internal(set) var deadLetters = 0
    public internal(set) var deadLetterBytes = 0
    public internal(set) var quarantined = 0
    public internal(set) var quarantinedBytes = 0
    /// When the oldest dead letter and quarantined event were received.
    public internal(set) var oldestDeadLetter: Int64?
    public internal(set) var oldestQuarantined: Int64?

    /// The summary of `ledger` for the handlers `names` (the configured ones).
    public init(_ ledger: Ledger, handlers names: [String]) {
        var byName = Dictionary(uniqueKeysWithValues: names.map { ($0, Handler(name: $0)) })
        for entry in ledger.entries.values {
            unsettledEvents += 1
            if entry.quarantine != nil {
                quarantined += 1
                quarantinedBytes += entry.bodyBytes
                oldestQuarantined = min(oldestQuarantined ?? .max, entry.receivedAt)
                continue
            }
            var dead = false
            for progress in entry.handlers {
                guard var handler = byName[progress.handler] else {
                    if progress.status == .dead {
                        deadOfOtherHandlers[progress.handler, default: 0] += 1
                        deadLetters += 1
                        dead = true
                    }
                    continue
                }
                switch progress.status {
                case .pending:
                    handler.pending += 1
                    handler.oldestUnfinished = min(handler.oldestUnfinished ?? .max, entry.receivedAt)
                case .retrying:
                    handler.retrying += 1
                    handler.oldestUnfinished = min(handler.oldestUnfinished ?? .max, entry.receivedAt)
                    if progress.changedAt >= (handler.lastErrorAt ?? .min) {
                        handler.lastError = progress.lastError
                        handler.lastErrorAt = progress.changedAt
                    }
                case .dead:
                    handler.dead += 1
                    deadLetters += 1
                    dead = true
                default:
                    break
                }
                byName[progress.handler] = handler
            }
            if dead {
                deadLetterBytes += entry.bodyBytes
                oldestDeadLetter = min(oldestDeadLetter ?? .max, entry.receivedAt)
            }
        }
        handlers = names.compactMap { byName[$0] }
    }
}

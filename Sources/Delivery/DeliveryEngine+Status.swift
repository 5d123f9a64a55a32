import SystemIO

extension DeliveryEngine {
    /// A handler's live state beyond the ledger's counts: whether it is backing off as a whole,
    /// and how long it has been failing.
    public struct HandlerActivity: Sendable, Equatable {
        public let name: String
        public let inFlight: Int
        public let setAside: Int
        /// Until when the handler waits as a whole (every try failing), ms since the epoch.
        public let pausedUntil: Int64?
        /// Since when its tries have been failing without a success.
        public let failingSince: Int64?
        public let ordered: Bool
    }

    /// The ledger's counts for the configured handlers, and each handler's live activity.
    public func summary() -> (LedgerSummary, [HandlerActivity]) {
        queue.sync {
            let names = plan.handlers.keys.sorted()
            let activity = names.map { name -> HandlerActivity in
                let worker = workers[name]
                return HandlerActivity(
                    name: name, inFlight: worker?.inFlight.count ?? 0, setAside: worker?.setAside.count ?? 0, pausedUntil: worker?.pausedUntil,
                    failingSince: worker?.failingSince, ordered: plan.handlers[name]?.ordered ?? false)
            }
            return (LedgerSummary(ledger, handlers: names), activity)
        }
    }

    /// Unsettled events that the selection picks from the dead letters or the quarantine (or
    /// every unsettled event for the journal source), oldest first.
    public func heldEntries(_ selection: EventSelection) -> [LedgerEntry] {
        queue.sync {
            ledger.entries.values.filter { entry in
                guard selection.matches(id: entry.id, route: entry.route, receivedAt: entry.receivedAt) else { return false }
                switch selection.source {
                case .quarantine: return entry.quarantine != nil
                case .deadLetters:
                    return entry.handlers.contains { $0.status == .dead && (selection.handler == nil || selection.handler == $0.handler) }
                case .journal:
                    return selection.handler == nil || entry.progress(for: selection.handler!) != nil
                }
            }.sorted { $0.id < $1.id }
        }
    }

    /// The state of one event, nil when it is settled or unknown.
    public func entry(_ id: EventID) -> LedgerEntry? { queue.sync { ledger[id] } }

    /// An event's record as journaled (its body as received), read back from disk.
    public func record(at position: JournalPosition) throws(SystemError) -> EventRecord {
        try reader.event(at: position)
    }

    /// Body bytes of dead letters and quarantined events, read without waiting on the engine.
    public var heldBytes: (deadLetters: Int, quarantine: Int) {
        (deadLetterBytes.load(ordering: .relaxed), quarantineBytes.load(ordering: .relaxed))
    }

    /// The limits in force.
    public var limits: StoreLimits { queue.sync { plan.limits } }
}

extension DeliveryEngine {
    /// The events `query` selects, newest first, with their handlers' states now.
    public func events(_ query: EventQuery) -> EventPage {
        guard let index else { return EventPage(events: [], next: nil) }
        let live = queue.sync { ledger.entries }
        return index.list(query, live: live)
    }

    /// One event: its index entry, its record as journaled (body as received), its state now
    /// (nil when settled) and its timeline; nil when the journal no longer holds it.
    public func event(_ id: EventID) -> (entry: IndexEntry, record: EventRecord, state: LedgerEntry?, timeline: [IndexChange])? {
        guard let index, let (entry, segment, changes) = index.timeline(id) else { return nil }
        let state = self.entry(id)
        let position = state?.position ?? JournalPosition(segment: segment, offset: entry.offset)
        guard let record = try? reader.event(at: position) else { return nil }
        return (entry, record, state, changes)
    }
}

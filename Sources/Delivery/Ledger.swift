/// The delivery state of every event that is not settled: the one authoritative model that
/// every operation goes through. Dead letters, the quarantine, backlogs, status, metrics,
/// readiness and replay are views of it or changes to it.
///
/// It is a value with no I/O: the engine owns one on its queue, and recovery rebuilds one from
/// a checkpoint and the journal by applying the same records in the same order. Settled events
/// (every handler finished, not quarantined) are forgotten: their state is in the journal and
/// nothing more will happen to them.
public struct Ledger: Sendable {
    public private(set) var entries: [EventID: LedgerEntry] = [:]
    /// Unsettled events whose newest copy is in each segment: a segment with none can go.
    public private(set) var liveBySegment: [JournalSegment: Int] = [:]
    /// The newest change's sequence; the next change gets a larger one.
    public private(set) var lastSequence: UInt64 = 0
    /// The largest event id seen.
    public private(set) var lastEventID: EventID?
    /// Dead deliveries in all, and the body bytes of the events holding them.
    public private(set) var deadDeliveries = 0
    public private(set) var deadBytes = 0
    /// Quarantined events and their body bytes.
    public private(set) var quarantined = 0
    public private(set) var quarantinedBytes = 0

    public init() {}

    /// The state of `id`, nil when it is settled or unknown.
    public subscript(id: EventID) -> LedgerEntry? { entries[id] }

    /// Records a newly journaled event (or one found reading the journal). Returns false when
    /// the id is known already (a copy: only its position moves).
    @discardableResult
    public mutating func open(_ record: EventRecord, at position: JournalPosition) -> Bool {
        noteEventID(record.id)
        if entries[record.id] != nil {
            move(record.id, to: position)
            return false
        }
        // Even with no handler to wait for: a quarantined event's record names none, and its
        // quarantine change follows in the same batch.
        insert(LedgerEntry(record, at: position))
        return true
    }

    /// Moves an event to a newer copy of its record (compaction).
    public mutating func move(_ id: EventID, to position: JournalPosition) {
        guard var entry = entries[id], entry.position != position else { return }
        remove(entry)
        entry.position = position
        insert(entry)
    }

    /// Applies a change; true when it changed anything. A settled event is forgotten.
    @discardableResult
    public mutating func apply(_ transition: Transition) -> Bool {
        lastSequence = max(lastSequence, transition.sequence)
        guard var entry = entries[transition.id] else { return false }
        remove(entry)
        let changed = entry.apply(transition)
        insertUnlessSettled(entry)
        return changed
    }

    /// Forgets `id` if it has settled (an event opened with no handler and no quarantine).
    public mutating func settle(_ id: EventID) {
        guard let entry = entries[id], entry.isSettled else { return }
        remove(entry)
    }

    /// Forgets an event whatever its state (erasure).
    public mutating func forget(_ id: EventID) {
        guard let entry = entries[id] else { return }
        remove(entry)
    }

    /// The next change's sequence number.
    public mutating func nextSequence() -> UInt64 {
        lastSequence += 1
        return lastSequence
    }

    /// Notes an id seen in the journal, so new ids stay larger.
    public mutating func noteEventID(_ id: EventID) {
        if id > (lastEventID ?? EventID(rawValue: 0)) { lastEventID = id }
    }

    /// Notes a sequence seen (restoring a checkpoint).
    mutating func noteSequence(_ sequence: UInt64) {
        lastSequence = max(lastSequence, sequence)
    }

    /// Segments known to hold no unsettled event.
    public func isFree(_ segment: JournalSegment) -> Bool { (liveBySegment[segment] ?? 0) == 0 }

    /// Inserts a restored entry (checkpoint).
    mutating func restore(_ entry: LedgerEntry) {
        noteEventID(entry.id)
        if let old = entries[entry.id] { remove(old) }
        insertUnlessSettled(entry)
    }

    /// Keeps an entry unless it has settled. One that never had a handler nor an event-level
    /// change is kept: its quarantine change has not been applied yet.
    private mutating func insertUnlessSettled(_ entry: LedgerEntry) {
        let awaitingQuarantine = entry.handlers.isEmpty && entry.sequence == 0
        if entry.isSettled && !awaitingQuarantine { return }
        insert(entry)
    }

    private mutating func insert(_ entry: LedgerEntry) {
        entries[entry.id] = entry
        liveBySegment[entry.position.segment, default: 0] += 1
        let dead = entry.deadCount
        if dead > 0 {
            deadDeliveries += dead
            deadBytes += entry.bodyBytes
        }
        if entry.quarantine != nil {
            quarantined += 1
            quarantinedBytes += entry.bodyBytes
        }
    }

    private mutating func remove(_ entry: LedgerEntry) {
        entries[entry.id] = nil
        let segment = entry.position.segment
        liveBySegment[segment, default: 1] -= 1
        if liveBySegment[segment] == 0 { liveBySegment[segment] = nil }
        let dead = entry.deadCount
        if dead > 0 {
            deadDeliveries -= dead
            deadBytes -= entry.bodyBytes
        }
        if entry.quarantine != nil {
            quarantined -= 1
            quarantinedBytes -= entry.bodyBytes
        }
    }
}

extension Ledger {
    /// Applies one journal record, as recovery reads them in order.
    public mutating func replay(_ record: JournalRecord, at position: JournalPosition) {
        switch record {
        case .event(let event):
            if entries[event.id] != nil {
                // Earlier versions journaled a replay as the event again, naming the handlers
                // to deliver to: those go back in line.
                move(event.id, to: position)
                for handler in event.handlers {
                    apply(Transition(id: event.id, handler: handler, sequence: 0, at: event.receivedAt, change: .pending(note: "replayed")))
                }
            } else {
                open(event, at: position)
            }
        case .eventCopy(let event):
            if entries[event.id] != nil { move(event.id, to: position) } else { open(event, at: position) }
        case .transition(let transition):
            apply(transition)
        case .probe:
            break
        }
    }
}

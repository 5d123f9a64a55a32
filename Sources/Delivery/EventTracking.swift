/// Which handlers each unfinished event still waits on, and how many unfinished events each
/// journal segment holds (a segment with none can be deleted after its retention).
struct EventTracking {
    /// An unfinished event: every segment holding a copy of it (a replay journals another copy
    /// in a newer segment) and the handlers it still waits on.
    private struct Entry {
        var segments: Set<JournalSegment>
        var remaining: Set<String>
    }

    private var open: [EventID: Entry] = [:]
    private var perSegment: [JournalSegment: Int] = [:]
    /// Events one handler has claimed for quarantine; they stay open until the quarantine
    /// entry is written, so a failed write leaves them in the journal for the next start.
    private var quarantining: Set<EventID> = []

    var openCount: Int { open.count }

    /// Returns true the first time only: of several handlers finding the same event does not fit
    /// its model, one quarantines it. The event stays open until `close(_, handler: "*")`.
    mutating func claimForQuarantine(_ id: EventID) -> Bool {
        guard open[id] != nil else { return false }
        return quarantining.insert(id).inserted
    }

    mutating func known(_ segment: JournalSegment) {
        if perSegment[segment] == nil { perSegment[segment] = 0 }
    }

    /// Opens `id`, or for an event already open (a replay of one still in flight) adds the new
    /// copy's segment and handlers, so no segment holding a copy is deleted before it is done.
    mutating func open(_ id: EventID, segment: JournalSegment, handlers: Set<String>) {
        known(segment)
        guard !handlers.isEmpty else { return }
        var entry = open[id] ?? Entry(segments: [], remaining: [])
        if entry.segments.insert(segment).inserted { perSegment[segment, default: 0] += 1 }
        entry.remaining.formUnion(handlers)
        open[id] = entry
    }

    /// Marks `handler` done with `id`; `*` marks every handler done.
    mutating func close(_ id: EventID, handler: String) {
        guard var entry = open[id] else { return }
        if handler == "*" { entry.remaining = [] } else { entry.remaining.remove(handler) }
        if entry.remaining.isEmpty {
            open[id] = nil
            quarantining.remove(id)
            for segment in entry.segments { perSegment[segment, default: 1] -= 1 }
        } else {
            open[id] = entry
        }
    }

    func finishedSegments() -> [JournalSegment] {
        perSegment.filter { $0.value <= 0 }.keys.sorted()
    }

    mutating func forget(_ segment: JournalSegment) {
        perSegment[segment] = nil
    }
}

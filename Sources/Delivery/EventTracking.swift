/// Which handlers each unfinished event still waits on, and how many unfinished events each
/// journal segment holds (a segment with none can be deleted after its retention).
struct EventTracking {
    private var open: [EventID: (segment: JournalSegment, remaining: Set<String>)] = [:]
    private var perSegment: [JournalSegment: Int] = [:]

    var openCount: Int { open.count }

    /// Closes `id` for every handler and returns true, the first time only: of several handlers
    /// finding the same event does not fit its model, one quarantines it.
    mutating func claimForQuarantine(_ id: EventID) -> Bool {
        guard open[id] != nil else { return false }
        close(id, handler: "*")
        return true
    }

    mutating func known(_ segment: JournalSegment) {
        if perSegment[segment] == nil { perSegment[segment] = 0 }
    }

    mutating func open(_ id: EventID, segment: JournalSegment, handlers: Set<String>) {
        known(segment)
        guard !handlers.isEmpty else { return }
        if open[id] == nil { perSegment[segment, default: 0] += 1 }
        open[id] = (segment, handlers)
    }

    /// Marks `handler` done with `id`; `*` marks every handler done.
    mutating func close(_ id: EventID, handler: String) {
        guard var entry = open[id] else { return }
        if handler == "*" { entry.remaining = [] } else { entry.remaining.remove(handler) }
        if entry.remaining.isEmpty {
            open[id] = nil
            perSegment[entry.segment, default: 1] -= 1
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

import SystemIO

extension EventIndex {
    /// The events `query` selects, newest first, one page. `live` holds the state of unsettled
    /// events (the ledger's); a settled event's state is its last change in the index.
    ///
    /// Reads the index files newest first, each whole (a segment's file is a few MB), and stops
    /// at a full page. A search (`text`) first finds the ids of the entries it names with a
    /// pass that decodes no string, then decodes only those events' records.
    public func list(_ query: EventQuery, live: [EventID: LedgerEntry]) -> EventPage {
        flush()
        let wantedID = query.text.flatMap { EventID($0.trimmingCharacters().lowercased()) }
        let wantedToken = query.text.flatMap { $0.trimmingCharacters().isEmpty ? nil : token($0) }
        let segments = indexedSegments()
        var candidates: Set<EventID>?
        if query.text != nil {
            var ids = Set<EventID>()
            for segment in segments {
                guard let bytes = try? FileSystem.readFile(path(of: segment)) else { continue }
                ids.formUnion(IndexRecord.entryIDs(bytes, id: wantedID, token: wantedToken))
            }
            guard !ids.isEmpty else { return EventPage(events: [], next: nil) }
            candidates = ids
        }
        var found: [IndexedEvent] = []
        var latest: [EventID: [String: String]] = [:]  // changes seen, newest first, of entries not reached yet
        var seen = Set<EventID>()
        for segment in segments.reversed() {
            for record in records(segment, keeping: candidates).reversed() {
                switch record {
                case .change(let change):
                    guard !seen.contains(change.id) else { continue }
                    let key = change.handler ?? ""
                    if latest[change.id]?[key] == nil { latest[change.id, default: [:]][key] = change.what }
                case .entry(let entry):
                    guard seen.insert(entry.id).inserted else { continue }
                    let changes = latest.removeValue(forKey: entry.id) ?? [:]
                    if let before = query.before, entry.id >= before { continue }
                    guard Self.matches(entry, query, wantedID: wantedID, wantedToken: wantedToken) else { continue }
                    let event = Self.indexed(entry, live: live[entry.id], changes: changes)
                    // With a handler too, the state is that handler's.
                    if let handler = query.handler {
                        guard let status = event.handlers.first(where: { $0.name == handler })?.status else { continue }
                        if let state = query.state, state != "quarantined", status != state { continue }
                        if query.state == "quarantined", event.quarantine == nil { continue }
                    } else if let state = query.state, !event.isIn(state) {
                        continue
                    }
                    if found.count == query.limit {
                        return EventPage(events: found, next: found.last?.entry.id)
                    }
                    found.append(event)
                }
            }
        }
        return EventPage(events: found, next: nil)
    }

    private static func matches(_ entry: IndexEntry, _ query: EventQuery, wantedID: EventID?, wantedToken: UInt64?) -> Bool {
        if query.text != nil {
            guard entry.id == wantedID || wantedToken.map(entry.tokens.contains) == true else { return false }
        }
        if let kind = query.kind, entry.kind != kind { return false }
        if let route = query.route, entry.route != route { return false }
        if let since = query.since, entry.receivedAt < since { return false }
        if let until = query.until, entry.receivedAt > until { return false }
        return true
    }

    /// The event with its handlers' states: the ledger's while unsettled, else the last changes.
    private static func indexed(_ entry: IndexEntry, live: LedgerEntry?, changes: [String: String]) -> IndexedEvent {
        if let live {
            return IndexedEvent(
                entry: entry, handlers: live.handlers.map { ($0.handler, $0.status.description) }, quarantine: live.quarantine?.reason)
        }
        let handlers = changes.filter { !$0.key.isEmpty }.sorted { $0.key < $1.key }.map { (name: $0.key, status: $0.value) }
        return IndexedEvent(entry: entry, handlers: handlers, quarantine: nil)
    }

    /// One event's newest entry (a copy carried forward has one too) and every change of its
    /// state, oldest first: its timeline.
    public func timeline(_ id: EventID) -> (entry: IndexEntry, segment: JournalSegment, changes: [IndexChange])? {
        flush()
        var changes: [IndexChange] = []
        var newest: (IndexEntry, JournalSegment)?
        // Its changes are never older than its first entry: stop there.
        let first = id.rawValue >> 16
        for segment in indexedSegments().reversed() {
            var reachedOlder = false
            for record in records(segment).reversed() {
                switch record {
                case .change(let change) where change.id == id:
                    changes.append(change)
                case .entry(let entry):
                    if entry.id == id, newest == nil { newest = (entry, segment) }
                    if UInt64(entry.receivedAt) < first { reachedOlder = true }
                default:
                    continue
                }
            }
            if reachedOlder && newest != nil { break }
        }
        guard let (entry, segment) = newest else { return nil }
        return (entry, segment, changes.reversed())
    }
}

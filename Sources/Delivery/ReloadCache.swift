import SynapEvents

/// The last few events read back from the journal and decoded, by position, oldest dropped first.
struct ReloadCache {
    static let capacity = 64
    private(set) var entries: [JournalPosition: (EventRecord, SynapEvent, String)] = [:]
    private var order: [JournalPosition] = []

    mutating func insert(_ entry: (EventRecord, SynapEvent, String), at position: JournalPosition) {
        if entries[position] == nil { order.append(position) }
        entries[position] = entry
        if order.count > Self.capacity { entries[order.removeFirst()] = nil }
    }
}

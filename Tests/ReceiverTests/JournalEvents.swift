import Delivery

/// Reads a data directory's journal in tests.
enum JournalEvents {
    /// Event records in the journal (copies and replays not counted twice).
    static func count(dataDirectory: String) throws -> Int {
        let reader = JournalReader(directory: dataDirectory + "/journal")
        var ids = Set<EventID>()
        for segment in try reader.segments() {
            _ = try reader.scan(segment) { _, record in
                if case .event(let event) = record { ids.insert(event.id) }
            }
        }
        return ids.count
    }
}

import JSONSyntax
import SystemIO

/// Earlier versions kept dead letters and quarantined payloads in `dead-letters.jsonl` and
/// `quarantine.jsonl`. At start-up their entries become part of the delivery state (a copy of
/// the event and its dead or quarantined state in the journal), and the file is renamed
/// `<name>.imported`, so an upgrade keeps every event no handler has.
public enum LegacyArchiveImport {
    /// Imports the file at `path`, if there is one. Returns how many entries it imported.
    public static func run(_ path: String, into engine: DeliveryEngine) throws(SystemError) -> Int {
        guard FileSystem.exists(path) else { return 0 }
        var lines = try LineReader(path: path)
        var count = 0
        while let line = try lines.next() {
            guard let (record, change) = entry(line) else { continue }
            let transition = engine.stamp(record.id, handler: change.handler, change.change, at: change.at)
            try engine.adopt(record, changes: [transition])
            count += 1
        }
        try FileSystem.rename(path, to: path + ".imported")
        return count
    }

    /// One line: the event and the change it stood for; nil when it is not an entry.
    static func entry(_ line: [UInt8]) -> (EventRecord, (handler: String?, change: Transition.Change, at: Int64))? {
        guard let value = try? JSONValue(parsing: line),
              let id = value["id"]?.stringValue.flatMap(EventID.init), let received = value["receivedAt"]?.doubleValue,
              let route = value["route"]?.stringValue, let kind = value["kind"]?.stringValue,
              let error = value["error"]?.stringValue, let body = value["body"]?.stringValue
        else { return nil }
        let handler = value["handler"]?.stringValue
        let at = Int64(value["archivedAt"]?.doubleValue ?? received)
        let record = EventRecord(
            id: id, receivedAt: Int64(received), route: route, kind: kind, handlers: handler.map { [$0] } ?? [],
            requestID: value["requestId"]?.stringValue ?? "", contentType: "application/json", body: Array(body.utf8))
        let change: Transition.Change = handler == nil
            ? .quarantined(reason: error)
            : .dead(attempt: Int(value["attempts"]?.doubleValue ?? 0), reason: error, statusCode: nil)
        return (record, (handler, change, at))
    }
}

extension DeliveryEngine {
    /// Journals a copy of an event with changes that set its state, and takes it into the
    /// ledger (events kept by an earlier version outside the journal).
    public func adopt(_ record: EventRecord, changes: [Transition]) throws(SystemError) {
        switch journal.appendAndWait([.eventCopy(record)] + changes.map(JournalRecord.transition)) {
        case .failure(let error):
            throw error
        case .success(let positions):
            queue.sync {
                ledger.open(record, at: positions[0])
                for change in changes { ledger.apply(change) }
                ledger.settle(record.id)
                publishGauges()
                if recovering { held.append(record.id) } else { enqueue(record.id, redelivery: true) }
            }
        }
    }
}

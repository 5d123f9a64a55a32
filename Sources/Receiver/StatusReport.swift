import Delivery
import JSONSyntax
import SystemIO

/// What `status` shows: backlog and dead letters per handler, the quarantine, and the oldest
/// data and disk use of each store (journal, dead letters, quarantine, each file sink). Built from the delivery state alone, the same way for a
/// running receiver (the admin API sends it as JSON) and for a stopped one's data directory,
/// so `status` prints the same text either way.
struct StatusReport: Equatable {
    struct Handler: Equatable {
        var name: String
        var pending: Int
        var retrying: Int
        var deadLetters: Int
        var lastError: String?
        var lastErrorAt: Int64?
    }

    var dataDirectory: String
    var handlers: [Handler]
    var deadLettersOfRemovedHandlers: [String: Int]
    var unsettledEvents: Int
    var deadLetters: Int
    var deadLetterBytes: Int
    var quarantined: Int
    var quarantinedBytes: Int
    var journalBytes: Int
    var journalSegments: Int
    /// Receipt times of the oldest event each store holds, ms since the epoch.
    var oldestJournalEvent: Int64?
    var oldestDeadLetter: Int64?
    var oldestQuarantined: Int64?
    /// Files, bytes and the oldest last write of each file sink's registry.
    var fileSinks: [FileSinkHolding]
    /// Why new events would be refused now, nil when they are taken.
    var refusing: String?
    var recovering: Bool

    init(
        dataDirectory: String, summary: LedgerSummary, journalBytes: Int, journalSegments: Int, oldestJournalEvent: Int64?,
        refusing: String?, recovering: Bool, fileSinks: [FileSinkHolding]? = nil
    ) {
        self.dataDirectory = dataDirectory
        handlers = summary.handlers.map {
            Handler(name: $0.name, pending: $0.pending, retrying: $0.retrying, deadLetters: $0.dead, lastError: $0.lastError, lastErrorAt: $0.lastErrorAt)
        }
        deadLettersOfRemovedHandlers = summary.deadOfOtherHandlers
        unsettledEvents = summary.unsettledEvents
        deadLetters = summary.deadLetters
        deadLetterBytes = summary.deadLetterBytes
        quarantined = summary.quarantined
        quarantinedBytes = summary.quarantinedBytes
        self.journalBytes = journalBytes
        self.journalSegments = journalSegments
        self.oldestJournalEvent = oldestJournalEvent
        oldestDeadLetter = summary.oldestDeadLetter
        oldestQuarantined = summary.oldestQuarantined
        // Read off the registries under the data directory, the same for a running receiver and a stopped one.
        self.fileSinks = fileSinks ?? FileSinkHolding.scan(dataDirectory: dataDirectory)
        self.refusing = refusing
        self.recovering = recovering
    }

    /// The text `status` prints.
    func text() -> String {
        var lines = ["data directory: \(dataDirectory)"]
        if recovering { lines.append("starting: still reading the journal; deliveries begin when it is done") }
        if let refusing { lines.append("REFUSING NEW EVENTS: \(refusing)") }
        lines.append("journal: \(journalSegments) segments, \(Self.size(journalBytes)), oldest event \(Self.time(oldestJournalEvent))")
        lines.append("unsettled events: \(unsettledEvents)")
        for handler in handlers {
            var line = "handler \(handler.name): backlog \(handler.pending + handler.retrying) (\(handler.pending) waiting, \(handler.retrying) retrying), dead letters \(handler.deadLetters)"
            if let error = handler.lastError { line += "; last failure \(Self.time(handler.lastErrorAt)): \(error)" }
            lines.append(line)
        }
        for (name, count) in deadLettersOfRemovedHandlers.sorted(by: { $0.key < $1.key }) {
            lines.append("handler \(name) (no longer configured): dead letters \(count); replay them with --to HANDLER")
        }
        lines.append("dead letters: \(deadLetters) (\(Self.size(deadLetterBytes))), oldest received \(Self.time(oldestDeadLetter))")
        lines.append("quarantined: \(quarantined) (\(Self.size(quarantinedBytes))), oldest received \(Self.time(oldestQuarantined))")
        for sink in fileSinks {
            lines.append("file sink \(sink.name): \(sink.files) files (\(Self.size(sink.bytes))), oldest written \(Self.time(sink.oldestWrite))")
        }
        return lines.joined(separator: "\n")
    }

    static func time(_ milliseconds: Int64?) -> String {
        milliseconds.map { WallClock.iso8601(milliseconds: $0) } ?? "-"
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 10_000 { return "\(bytes) bytes" }
        if bytes < 10_000_000 { return "\(bytes / 1000) kB" }
        return "\(bytes / 1_000_000) MB"
    }

    /// As JSON, for the admin API and `status --json`.
    func json() -> String {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func optional(_ value: Int64?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        return JSONValue.object([
            ("dataDirectory", .string(dataDirectory)),
            ("recovering", .bool(recovering)),
            ("refusing", refusing.map(JSONValue.string) ?? .null),
            ("handlers", .array(handlers.map { handler in
                .object([
                    ("name", .string(handler.name)), ("pending", number(handler.pending)), ("retrying", number(handler.retrying)),
                    ("backlog", number(handler.pending + handler.retrying)), ("deadLetters", number(handler.deadLetters)),
                    ("lastError", handler.lastError.map(JSONValue.string) ?? .null), ("lastErrorAt", optional(handler.lastErrorAt)),
                ])
            })),
            ("deadLettersOfRemovedHandlers", .object(deadLettersOfRemovedHandlers.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })),
            ("unsettledEvents", number(unsettledEvents)),
            ("deadLetters", number(deadLetters)), ("deadLetterBytes", number(deadLetterBytes)),
            ("quarantined", number(quarantined)), ("quarantinedBytes", number(quarantinedBytes)),
            ("journalBytes", number(journalBytes)), ("journalSegments", number(journalSegments)),
            ("oldest", .object([("journal", optional(oldestJournalEvent)), ("deadLetter", optional(oldestDeadLetter)), ("quarantined", optional(oldestQuarantined))])),
            ("fileSinks", .array(fileSinks.map(\.json))),
        ]).serialized()
    }

    /// Reads what `json()` wrote; nil when it is not a status report.
    init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes), let directory = value["dataDirectory"]?.stringValue,
              let handlerItems = value["handlers"]?.arrayValue
        else { return nil }
        func int(_ item: JSONValue?, _ key: String) -> Int { Int(item?[key]?.doubleValue ?? 0) }
        func time(_ item: JSONValue?) -> Int64? { item?.doubleValue.map { Int64($0) } }
        dataDirectory = directory
        recovering = value["recovering"]?.boolValue ?? false
        refusing = value["refusing"]?.stringValue
        handlers = handlerItems.map { item in
            Handler(
                name: item["name"]?.stringValue ?? "?", pending: int(item, "pending"), retrying: int(item, "retrying"),
                deadLetters: int(item, "deadLetters"), lastError: item["lastError"]?.stringValue, lastErrorAt: time(item["lastErrorAt"]))
        }
        var removed: [String: Int] = [:]
        if case .object(let members)? = value["deadLettersOfRemovedHandlers"] {
            for (name, count) in members { removed[name] = Int(count.doubleValue ?? 0) }
        }
        deadLettersOfRemovedHandlers = removed
        unsettledEvents = int(value, "unsettledEvents")
        deadLetters = int(value, "deadLetters")
        deadLetterBytes = int(value, "deadLetterBytes")
        quarantined = int(value, "quarantined")
        quarantinedBytes = int(value, "quarantinedBytes")
        journalBytes = int(value, "journalBytes")
        journalSegments = int(value, "journalSegments")
        oldestJournalEvent = time(value["oldest"]?["journal"])
        oldestDeadLetter = time(value["oldest"]?["deadLetter"])
        oldestQuarantined = time(value["oldest"]?["quarantined"])
        fileSinks = (value["fileSinks"]?.arrayValue ?? []).compactMap(FileSinkHolding.init(json:))
    }
}

extension StatusReport {
    /// The report of a running receiver.
    init(runtime: ReceiverRuntime) {
        let (summary, _) = runtime.engine.summary()
        let reader = JournalReader(directory: runtime.engine.journal.directory)
        let segments = (try? reader.segments()) ?? []
        let (ready, reason) = runtime.readiness()
        self.init(
            dataDirectory: runtime.currentConfiguration.dataDirectory, summary: summary, journalBytes: runtime.engine.journal.bytesOnDisk,
            journalSegments: segments.count, oldestJournalEvent: reader.oldestEventTime(segments), refusing: ready ? nil : reason,
            recovering: runtime.engine.isRecovering)
    }
}

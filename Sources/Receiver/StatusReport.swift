import Delivery
import JSONSyntax

/// What `status` shows: backlog per handler, dead letters, quarantine and disk use.
struct StatusReport {
    let handlers: [DispatcherStatus.Handler]
    let unfinishedEvents: Int
    let deadLetters: Int
    let quarantined: Int
    let journalBytes: Int

    init(runtime: ReceiverRuntime) {
        let status = runtime.dispatcher.status()
        handlers = status.handlers
        unfinishedEvents = status.unfinishedEvents
        deadLetters = status.deadLetters
        quarantined = status.quarantined
        journalBytes = runtime.journal.bytesOnDisk
    }

    func json() -> String {
        JSONValue.object([
            ("handlers", .array(handlers.map { handler in
                .object([
                    ("name", .string(handler.name)),
                    ("backlog", .number(String(handler.backlog))),
                    ("backlogInMemory", .number(String(handler.inMemory))),
                    ("retrying", handler.retrying.map(JSONValue.string) ?? .null),
                    ("failingForSeconds", .number(String(Int(handler.stuckSeconds)))),
                ])
            })),
            ("unfinishedEvents", .number(String(unfinishedEvents))),
            ("deadLetters", .number(String(deadLetters))),
            ("quarantined", .number(String(quarantined))),
            ("journalBytes", .number(String(journalBytes))),
        ]).serialized()
    }
}

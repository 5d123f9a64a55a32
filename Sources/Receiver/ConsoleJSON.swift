import Delivery
import JSONSyntax
import SystemIO

/// How the console API writes events, their details and audit entries.
enum ConsoleJSON {
    static func time(_ milliseconds: Int64) -> JSONValue { .string(WallClock.iso8601(milliseconds: milliseconds)) }

    /// One row of a list: time, kind, route, learner (masked unless revealed), title, score, and
    /// the state of each handler.
    static func row(_ event: IndexedEvent, reveal: Bool) -> JSONValue {
        let entry = event.entry
        return .object([
            ("id", .string(entry.id.description)), ("receivedAt", time(entry.receivedAt)), ("route", .string(entry.route)),
            ("kind", .string(entry.kind)),
            ("learner", .object([
                ("name", entry.learnerName.map { .string(reveal ? $0 : LearnerDataMask.maskedName($0)) } ?? .null),
                ("email", entry.learnerEmail.map { .string(reveal ? $0 : LearnerDataMask.maskedEmail($0)) } ?? .null),
            ])),
            ("title", entry.title.map(JSONValue.string) ?? .null), ("score", entry.score.map { .number($0) } ?? .null),
            ("handlers", .array(event.handlers.map { .object([("name", .string($0.name)), ("status", .string($0.status))]) })),
            ("quarantine", event.quarantine.map(JSONValue.string) ?? .null),
        ])
    }

    /// One event whole: metadata, each handler's state, the timeline, and the body pretty-printed.
    static func detail(_ found: (entry: IndexEntry, record: EventRecord, state: LedgerEntry?, timeline: [IndexChange]), reveal: Bool) -> JSONValue {
        let (entry, record, state, timeline) = found
        let parsed = try? JSONValue(parsing: record.body)
        let shown = parsed.map { reveal ? $0 : LearnerDataMask.mask($0) }
        var handlers: [JSONValue] = []
        if let state {
            handlers = state.handlers.map { progress in
                .object([
                    ("name", .string(progress.handler)), ("status", .string(progress.status.description)),
                    ("attempts", .number(String(progress.attempts))), ("lastError", progress.lastError.map(JSONValue.string) ?? .null),
                    ("statusCode", progress.lastStatusCode.map { .number(String($0)) } ?? .null),
                    ("nextAttemptAt", progress.nextAt.map(time) ?? .null),
                ])
            }
        } else {
            var last: [String: IndexChange] = [:]
            for change in timeline { if let handler = change.handler { last[handler] = change } }
            handlers = record.handlers.map { name in
                let change = last[name]
                return .object([
                    ("name", .string(name)), ("status", .string(change?.what ?? "delivered")),
                    ("attempts", .number(String(change?.attempt ?? 0))), ("lastError", .null),
                    ("statusCode", change?.statusCode.map { .number(String($0)) } ?? .null), ("nextAttemptAt", .null),
                ])
            }
        }
        return .object([
            ("id", .string(entry.id.description)), ("receivedAt", time(entry.receivedAt)), ("route", .string(record.route)),
            ("kind", .string(entry.kind)), ("routeKind", .string(record.kind)), ("requestId", .string(record.requestID)),
            ("contentType", .string(record.contentType)), ("bodyBytes", .number(String(record.body.count))),
            ("settled", .bool(state == nil)), ("quarantine", state?.quarantine.map { .string($0.reason) } ?? .null),
            ("revealed", .bool(reveal)),
            ("handlers", .array(handlers)),
            ("timeline", .array(timeline.map { change in
                .object([
                    ("at", time(change.at)), ("handler", change.handler.map(JSONValue.string) ?? .null), ("what", .string(change.what)),
                    ("attempt", .number(String(change.attempt))), ("statusCode", change.statusCode.map { .number(String($0)) } ?? .null),
                    ("detail", .string(change.detail)),
                ])
            })),
            ("body", .string(shown.map(PrettyJSON.render) ?? String(decoding: record.body, as: UTF8.self))),
        ])
    }

    /// A selection's value as the audit page shows it (identifiers only ever as their keyed hash).
    private static func display(_ value: AuditValue) -> JSONValue {
        switch value {
        case .text(let text): return .string(text)
        case .number(let number): return .number(String(number))
        case .identifier, .keyedHash:
            if case .keyedHash(let hash) = value { return .string("keyed hash " + hash.prefix(16) + "…") }
            return .string("keyed hash")
        case .list(let items): return .array(items.map(display))
        }
    }

    static func audit(_ entry: AuditEntry) -> JSONValue {
        .object([
            ("offset", .number(String(entry.offset))), ("at", time(entry.at)), ("who", .string(entry.who)),
            ("via", entry.via.map(JSONValue.string) ?? .null), ("action", .string(entry.action)),
            ("selection", .object(entry.selection.fields.map { ($0.name, display($0.value)) })), ("count", entry.count.map { .number(String($0)) } ?? .null),
            ("outcome", entry.outcome.map(JSONValue.string) ?? .null), ("client", entry.client.map(JSONValue.string) ?? .null),
        ])
    }
}

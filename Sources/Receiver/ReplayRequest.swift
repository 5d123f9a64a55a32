import Delivery
import JSONSyntax
import SynapEvents
import SystemIO

/// A replay or a resolution as the command line and the admin API pass it: which events, and
/// how. `{"source", "ids", "route", "handler", "since", "until", "force", "to", "note"}`, times
/// as ISO-8601 UTC strings or milliseconds since the epoch.
struct ReplayRequest: Sendable, Equatable {
    var selection = EventSelection()
    /// Send again deliveries that were done (never to a handler that takes an event once).
    var force = false
    /// Send dead letters to this handler instead of the one that gave up.
    var to: String?
    /// Why, for the event's timeline (a resolution's note).
    var note: String?

    init() {}

    /// From command-line options (`--from`, `--id`, `--route`, `--handler`, `--since`, `--until`,
    /// `--force`, `--to`, `--note`).
    init(options: CommandArguments) throws(UsageError) {
        if let from = options.value("--from") {
            guard let source = EventSelection.Source(rawValue: from) else {
                throw UsageError("--from must be journal, dead-letters or quarantine, not \"\(from)\"")
            }
            selection.source = source
        }
        for text in (options.value("--id") ?? "").split(separator: ",") {
            guard let id = EventID(String(text)) else { throw UsageError("--id: \"\(text)\" is not an event id (16 hex digits)") }
            selection.ids.insert(id)
        }
        selection.route = options.value("--route")
        selection.handler = options.value("--handler")
        selection.since = try options.value("--since").map { text throws(UsageError) in try Self.time(text, "--since") }
        selection.until = try options.value("--until").map { text throws(UsageError) in try Self.time(text, "--until") }
        force = options.has("--force")
        to = options.value("--to")
        note = options.value("--note")
    }

    /// An ISO-8601 UTC time (`2026-11-23T10:00:00Z`, or a date) as milliseconds since the epoch.
    static func time(_ text: String, _ option: String) throws(UsageError) -> Int64 {
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        guard let date = SynapTimestamp(full).date else {
            throw UsageError("\(option) must be an ISO-8601 UTC time like 2026-11-23T10:00:00Z, not \"\(text)\"")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// As JSON for the admin API.
    func json() -> String {
        var members: [(String, JSONValue)] = [("source", .string(selection.source.rawValue))]
        if !selection.ids.isEmpty { members.append(("ids", .array(selection.ids.sorted().map { .string($0.description) }))) }
        if let route = selection.route { members.append(("route", .string(route))) }
        if let handler = selection.handler { members.append(("handler", .string(handler))) }
        if let since = selection.since { members.append(("since", .number(String(since)))) }
        if let until = selection.until { members.append(("until", .number(String(until)))) }
        if force { members.append(("force", .bool(true))) }
        if let to { members.append(("to", .string(to))) }
        if let note { members.append(("note", .string(note))) }
        return JSONValue.object(members).serialized()
    }

    /// From the admin API's JSON; throws a message naming the member at fault.
    init(json bytes: [UInt8]) throws(UsageError) {
        guard let value = try? JSONValue(parsing: bytes), case .object(let members) = value else {
            throw UsageError("the body must be a JSON object: {\"source\", \"ids\", \"route\", \"handler\", \"since\", \"until\", \"force\", \"to\", \"note\"}")
        }
        let known: Set = ["source", "ids", "route", "handler", "since", "until", "force", "to", "note"]
        if let unknown = members.first(where: { !known.contains($0.0) }) { throw UsageError("\(unknown.0): unknown member") }
        if let member = value["source"] {
            guard let text = member.stringValue, let source = EventSelection.Source(rawValue: text) else {
                throw UsageError("source: must be journal, dead-letters or quarantine")
            }
            selection.source = source
        }
        if let ids = value["ids"] {
            guard let items = ids.arrayValue else { throw UsageError("ids: must be a list of event ids") }
            for item in items {
                guard let id = item.stringValue.flatMap(EventID.init) else { throw UsageError("ids: \(item.serialized()) is not an event id") }
                selection.ids.insert(id)
            }
        }
        selection.route = try Self.string(value, "route")
        selection.handler = try Self.string(value, "handler")
        selection.since = try Self.time(value, "since")
        selection.until = try Self.time(value, "until")
        if let member = value["force"] {
            guard let flag = member.boolValue else { throw UsageError("force: must be true or false") }
            force = flag
        }
        to = try Self.string(value, "to")
        note = try Self.string(value, "note")
    }

    private static func string(_ value: JSONValue, _ key: String) throws(UsageError) -> String? {
        guard let member = value[key], member != .null else { return nil }
        guard let text = member.stringValue else { throw UsageError("\(key): must be a string") }
        return text
    }

    private static func time(_ value: JSONValue, _ key: String) throws(UsageError) -> Int64? {
        guard let member = value[key], member != .null else { return nil }
        if let number = member.doubleValue { return Int64(number) }
        if let text = member.stringValue { return try time(text, key) }
        throw UsageError("\(key): must be an ISO-8601 time or milliseconds since the epoch")
    }
}

extension ReplayReport {
    /// One line for the operator.
    var sentence: String {
        var parts = ["replayed \(replayed) deliveries"]
        if released > 0 { parts.append("\(released) quarantined events now fit and went to their handlers") }
        if stillQuarantined > 0 { parts.append("\(stillQuarantined) quarantined events still do not fit (kept)") }
        if alreadyUnderway > 0 { parts.append("\(alreadyUnderway) already on their way") }
        if skippedDone > 0 { parts.append("skipped \(skippedDone) already delivered (add --force to send them again)") }
        if skippedNeverRepeated > 0 { parts.append("skipped \(skippedNeverRepeated) that a handler never takes twice (file sinks)") }
        if unknownHandler > 0 { parts.append("\(unknownHandler) for handlers not configured (name one with --to)") }
        return parts.joined(separator: "; ")
    }

    var json: String {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        return JSONValue.object([
            ("replayed", number(replayed)), ("released", number(released)), ("stillQuarantined", number(stillQuarantined)),
            ("alreadyUnderway", number(alreadyUnderway)), ("skippedDone", number(skippedDone)),
            ("skippedNeverRepeated", number(skippedNeverRepeated)), ("unknownHandler", number(unknownHandler)),
            ("message", .string(sentence)),
        ]).serialized()
    }
}

import Delivery
import HTTP1
import JSONSyntax
import SystemIO

/// Dead letters and quarantined events as JSON lines, in the file sink's record format (the
/// receipt facts with ISO-8601 times, the body as JSON) plus why each is held:
///
///     {"id":"…","receivedAt":"…","route":"…","kind":"…","requestId":"…","handler":"lms",
///      "attempts":12,"error":"…","statusCode":500,"since":"…","body":{…}}
///
/// A quarantined event has `"reason"` instead of `handler`/`attempts`/`error`/`statusCode`.
/// Pages of `limit` events (1,000 by default) after the id `after`, so memory stays bounded.
enum HeldEventsExport {
    static let defaultPage = 1000

    /// The lines of the page the query asks for (`route`, `handler`, `since`, `until`, `id`, `after`, `limit`).
    static func response(_ engine: DeliveryEngine, source: EventSelection.Source, query: String?) -> HTTPResponse {
        let parameters = FormFields(urlEncoded: Array((query ?? "").utf8)) ?? FormFields()
        var selection = EventSelection(source: source)
        selection.route = parameters["route"]
        selection.handler = parameters["handler"]
        do throws(UsageError) {
            selection.since = try parameters["since"].map { text throws(UsageError) in try ReplayRequest.time(text, "since") }
            selection.until = try parameters["until"].map { text throws(UsageError) in try ReplayRequest.time(text, "until") }
        } catch {
            return .error(.badRequest, error.description)
        }
        if let id = parameters["id"] {
            guard let parsed = EventID(id) else { return .error(.badRequest, "id: \"\(id)\" is not an event id") }
            selection.ids = [parsed]
        }
        let after = parameters["after"].flatMap(EventID.init)
        let limit = parameters["limit"].flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? defaultPage
        let page = engine.heldEntries(selection).filter { after == nil || $0.id > after! }.prefix(limit)
        var body: [UInt8] = []
        for entry in page {
            guard let record = try? engine.record(at: entry.position) else { continue }
            body += lines(entry, record: record, handler: selection.handler)
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/x-ndjson")]), body: body)
    }

    /// The line(s) for one held event: one per dead delivery, or one for a quarantined event.
    static func lines(_ entry: LedgerEntry, record: EventRecord, handler: String?) -> [UInt8] {
        var members: [(String, JSONValue)] = [
            ("id", .string(entry.id.description)), ("receivedAt", .string(WallClock.iso8601(milliseconds: entry.receivedAt))),
            ("route", .string(entry.route)), ("kind", .string(entry.kind)), ("requestId", .string(entry.requestID)),
        ]
        var out: [UInt8] = []
        if let quarantine = entry.quarantine {
            members += [("reason", .string(quarantine.reason)), ("since", .string(WallClock.iso8601(milliseconds: quarantine.since)))]
            out += line(members, body: record.body)
        }
        for progress in entry.handlers where progress.status == .dead && (handler == nil || handler == progress.handler) {
            out += line(members + [
                ("handler", .string(progress.handler)), ("attempts", .number(String(progress.attempts))),
                ("error", .string(progress.lastError ?? "")), ("statusCode", progress.lastStatusCode.map { .number(String($0)) } ?? .null),
                ("since", .string(WallClock.iso8601(milliseconds: progress.changedAt))),
            ], body: record.body)
        }
        return out
    }

    /// One line: the members, then the body embedded as JSON (line breaks as spaces, as the file sink does).
    private static func line(_ members: [(String, JSONValue)], body: [UInt8]) -> [UInt8] {
        var bytes = Array(JSONValue.object(members).serialized().utf8)
        bytes.removeLast()  // the closing brace: the body goes in before it
        bytes += Array(",\"body\":".utf8)
        bytes += body.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        bytes += [UInt8(ascii: "}"), 0x0A]
        return bytes
    }
}

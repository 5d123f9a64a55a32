import Delivery
import JSONSyntax
import SystemIO

/// Which events to dispatch again, and from where: the journal (events still retained), the
/// dead letters (to the handler that gave up) or the quarantine (after an upgrade that now
/// decodes them, to the route's current handlers).
struct ReplaySelection: Sendable, Equatable {
    enum Source: String, Sendable, CaseIterable {
        case journal
        case deadLetters = "dead-letters"
        case quarantine
    }

    var source: Source = .journal
    var ids: Set<EventID> = []
    var route: String?
    var handler: String?
    /// Receipt time bounds, milliseconds since the epoch.
    var since: Int64?
    var until: Int64?

    /// The event records to journal again, each naming the handlers that should see it.
    func records(dataDirectory: String, routes: [RouteDefinition]) throws(SystemError) -> [EventRecord] {
        switch source {
        case .journal:
            let recovery = try Journal.scan(directory: dataDirectory + "/journal")
            var seen = Set<EventID>()
            var result: [EventRecord] = []
            for (_, record) in recovery.records {
                guard case .event(let event) = record, matches(id: event.id, route: event.route, receivedAt: event.receivedAt),
                      seen.insert(event.id).inserted else { continue }
                let handlers = handler.map { name in event.handlers.filter { $0 == name } } ?? event.handlers
                if !handlers.isEmpty { result.append(event.with(handlers: handlers)) }
            }
            return result
        case .deadLetters, .quarantine:
            let file = dataDirectory + (source == .deadLetters ? "/dead-letters.jsonl" : "/quarantine.jsonl")
            return try EventArchive.entries(path: file).compactMap { entry in
                guard matches(id: entry.id, route: entry.route, receivedAt: entry.receivedAt) else { return nil }
                let configured = routes.first { $0.path == entry.route }
                var handlers = entry.handler.map { [$0] } ?? configured?.handlers ?? []
                if let handler { handlers = handlers.filter { $0 == handler } }
                guard !handlers.isEmpty else { return nil }
                return EventRecord(
                    id: entry.id, receivedAt: entry.receivedAt, route: entry.route, kind: configured?.kindCode ?? entry.kind,
                    handlers: handlers, requestID: entry.requestID, contentType: "application/json", body: entry.body)
            }
        }
    }

    private func matches(id: EventID, route: String, receivedAt: Int64) -> Bool {
        (ids.isEmpty || ids.contains(id)) && (self.route == nil || self.route == route)
            && (since.map { receivedAt >= $0 } ?? true) && (until.map { receivedAt <= $0 } ?? true)
    }

    /// As JSON for the admin API.
    func json() -> String {
        var members: [(String, JSONValue)] = [("source", .string(source.rawValue))]
        if !ids.isEmpty { members.append(("ids", .array(ids.sorted().map { .string($0.description) }))) }
        if let route { members.append(("route", .string(route))) }
        if let handler { members.append(("handler", .string(handler))) }
        if let since { members.append(("since", .number(String(since)))) }
        if let until { members.append(("until", .number(String(until)))) }
        return JSONValue.object(members).serialized()
    }

    /// From the admin API's JSON; nil when malformed.
    init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes), case .object = value else { return nil }
        if let text = value["source"]?.stringValue {
            guard let source = Source(rawValue: text) else { return nil }
            self.source = source
        }
        for item in value["ids"]?.arrayValue ?? [] {
            guard let id = item.stringValue.flatMap(EventID.init) else { return nil }
            ids.insert(id)
        }
        route = value["route"]?.stringValue
        handler = value["handler"]?.stringValue
        since = value["since"]?.doubleValue.map { Int64($0) }
        until = value["until"]?.doubleValue.map { Int64($0) }
    }

    init() {}
}

extension EventRecord {
    /// The same event, for other handlers.
    func with(handlers: [String]) -> EventRecord {
        EventRecord(
            id: id, receivedAt: receivedAt, route: route, kind: kind, handlers: handlers, requestID: requestID,
            contentType: contentType, body: body)
    }
}

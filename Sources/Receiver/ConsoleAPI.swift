import Delivery
import HTTP1
import JSONSyntax
import SystemIO

/// The JSON API behind the console, on the admin listener: the overview, events (list, search,
/// one with its timeline), replay and resolve of one event, dead letters and quarantine by
/// reason. The console's pages and the command line use it.
enum ConsoleAPI {
    static func routes(runtime: LateReference<ReceiverRuntime>) -> [AdminRoute] {
        func running(_ body: @escaping @Sendable (ReceiverRuntime, AdminRequest) -> HTTPResponse) -> @Sendable (AdminRequest) -> HTTPResponse {
            { request in runtime.object.map { body($0, request) } ?? .error(.serviceUnavailable, "stopping") }
        }
        return [
            AdminRoute("GET", .exact("/api/overview"), name: "overview", access: .role(.viewer), respond: running(overview)),
            AdminRoute("GET", .exact("/api/events"), name: "events", access: .role(.viewer), respond: running(events)),
            AdminRoute("GET", .prefix("/api/events/"), name: "event", access: .role(.viewer), respond: running(event)),
            AdminRoute("POST", .prefix("/api/events/"), name: "event-action", access: .role(.operator)) { request, completion in
                guard let running = runtime.object else { return completion(.error(.serviceUnavailable, "stopping")) }
                AdminOperations.queue.async { completion(eventAction(running, request)) }
            },
            AdminRoute("GET", .exact("/api/dead-letters/reasons"), name: "dead-letter-reasons", access: .role(.viewer), respond: running { runtime, _ in
                reasons(runtime, source: .deadLetters)
            }),
            AdminRoute("GET", .exact("/api/quarantine/reasons"), name: "quarantine-reasons", access: .role(.viewer), respond: running { runtime, _ in
                reasons(runtime, source: .quarantine)
            }),
            AdminRoute("GET", .exact("/api/audit"), name: "audit-log", access: .role(.viewer), respond: running(audit)),
        ]
    }

    // MARK: Overview

    static func overview(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        let report = StatusReport(runtime: runtime)
        let (_, activity) = runtime.engine.summary()
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        let handlers: [JSONValue] = report.handlers.map { handler in
            let live = activity.first { $0.name == handler.name }
            return .object([
                ("name", .string(handler.name)), ("backlog", number(handler.pending + handler.retrying)), ("retrying", number(handler.retrying)),
                ("deadLetters", number(handler.deadLetters)), ("lastError", handler.lastError.map(JSONValue.string) ?? .null),
                ("lastErrorAt", handler.lastErrorAt.map { .number(String($0)) } ?? .null),
                ("failingSince", live?.failingSince.map { .number(String($0)) } ?? .null),
                ("backingOffUntil", live?.pausedUntil.map { .number(String($0)) } ?? .null),
            ])
        }
        let body = JSONValue.object([
            ("version", .string(ReceiverVersion.current)),
            ("uptimeSeconds", number(Int((WallClock.nowMilliseconds() - runtime.startedAt) / 1000))),
            ("acceptedPerMinute", .array(runtime.acceptedRate.lastHour().map(number))),
            ("handlers", .array(handlers)),
            ("deadLetters", number(report.deadLetters)), ("quarantined", number(report.quarantined)),
            ("disk", .object([
                ("journalBytes", number(report.journalBytes)), ("deadLetterBytes", number(report.deadLetterBytes)),
                ("quarantineBytes", number(report.quarantinedBytes)),
            ])),
            ("oldest", .object([
                ("journal", report.oldestJournalEvent.map { .number(String($0)) } ?? .null),
                ("deadLetter", report.oldestDeadLetter.map { .number(String($0)) } ?? .null),
                ("quarantined", report.oldestQuarantined.map { .number(String($0)) } ?? .null),
                ("fileSinks", .object(report.fileSinks.map { ($0.name, $0.oldestWrite.map { .number(String($0)) } ?? .null) })),
            ])),
            ("fileSinks", .array(report.fileSinks.map(\.json))),
            ("refusing", report.refusing.map(JSONValue.string) ?? .null),
            ("recovering", .bool(report.recovering)),
        ])
        return .json(.ok, body.serialized())
    }

    // MARK: Events

    /// `GET /api/events?q=&kind=&route=&state=&handler=&since=&until=&before=&limit=&reveal=1`.
    static func events(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        let query: EventQuery
        do throws(UsageError) {
            query = try eventQuery(request.query)
        } catch {
            return .error(.badRequest, error.description)
        }
        let reveal = request.query["reveal"] == "1"
        if query.text != nil || reveal {
            // A search names a learner: the audit keeps its keyed hash, never the term.
            var selection = AuditSelection()
            if let text = query.text { selection = ["q": .identifier(text)] }
            request.audit.note(action: reveal ? "events.reveal" : "events.search", selection: selection)
        }
        let page = runtime.engine.events(query)
        let body = JSONValue.object([
            ("events", .array(page.events.map { ConsoleJSON.row($0, reveal: reveal) })),
            ("next", page.next.map { .string($0.description) } ?? .null),
        ])
        return .json(.ok, body.serialized())
    }

    static func eventQuery(_ fields: FormFields) throws(UsageError) -> EventQuery {
        var query = EventQuery()
        query.text = fields["q"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        query.kind = fields["kind"].flatMap { $0.isEmpty ? nil : $0 }
        query.route = fields["route"].flatMap { $0.isEmpty ? nil : $0 }
        query.handler = fields["handler"].flatMap { $0.isEmpty ? nil : $0 }
        if let state = fields["state"], !state.isEmpty {
            let known = ["delivered", "retrying", "dead", "quarantined", "pending", "filtered-out", "resolved", "expired"]
            guard known.contains(state) else { throw UsageError("state: must be one of \(known.joined(separator: ", "))") }
            query.state = state
        }
        query.since = try fields["since"].flatMap { $0.isEmpty ? nil : $0 }.map { text throws(UsageError) in try ReplayRequest.time(text, "since") }
        query.until = try fields["until"].flatMap { $0.isEmpty ? nil : $0 }.map { text throws(UsageError) in try ReplayRequest.time(text, "until") }
        if let before = fields["before"], !before.isEmpty {
            guard let id = EventID(before) else { throw UsageError("before: \"\(before)\" is not an event id") }
            query.before = id
        }
        if let limit = fields["limit"], !limit.isEmpty {
            guard let number = Int(limit), (1...500).contains(number) else { throw UsageError("limit: must be a whole number from 1 to 500") }
            query.limit = number
        }
        return query
    }

    /// `GET /api/events/<id>[?reveal=1]`: the metadata, the body (masked unless revealed), each
    /// handler's state and the timeline of every change.
    static func event(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        guard let id = EventID(request.remainder) else { return .error(.notFound, "no event \(request.remainder)") }
        guard let found = runtime.engine.event(id) else { return .error(.notFound, "no event \(id) in the journal (its retention may have passed)") }
        let reveal = request.query["reveal"] == "1"
        if reveal { request.audit.note(action: "event.reveal", selection: ["id": .text(id.description)]) }
        return .json(.ok, ConsoleJSON.detail(found, reveal: reveal).serialized())
    }

    /// `POST /api/events/<id>/replay` `{"handler", "force", "note"}` or `/resolve` `{"handler", "note"}`.
    static func eventAction(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        let parts = request.remainder.split(separator: "/")
        guard parts.count == 2, let id = EventID(String(parts[0])), ["replay", "resolve"].contains(parts[1]) else {
            return .error(.notFound, "POST /api/events/<id>/replay or /api/events/<id>/resolve")
        }
        let body = request.http.body.isEmpty ? JSONValue.object([]) : (try? JSONValue(parsing: request.http.body)) ?? .null
        guard case .object = body else { return .error(.badRequest, "the body must be a JSON object") }
        let handler = body["handler"]?.stringValue
        let who = request.principal?.auditName ?? "admin"
        let note = body["note"]?.stringValue ?? "\(parts[1] == "replay" ? "replayed" : "resolved") by \(who) in the console"
        let inState = runtime.engine.entry(id)
        let source: EventSelection.Source = inState?.quarantine != nil ? .quarantine : inState?.handlers.contains { $0.status == .dead } == true ? .deadLetters : .journal
        let selection = EventSelection(source: parts[1] == "resolve" && source == .journal ? .deadLetters : source, ids: [id], handler: handler)
        do throws(DeliveryEngine.OperationError) {
            if parts[1] == "resolve" {
                let count = try runtime.engine.resolve(selection, note: note)
                request.audit.note(action: "event.resolve", selection: ["id": .text(id.description)], count: count)
                return .json(.ok, "{\"resolved\":\(count)}")
            }
            let report = try runtime.engine.replay(selection, force: body["force"]?.boolValue ?? false, to: body["to"]?.stringValue, note: note)
            request.audit.note(action: "event.replay", selection: ["id": .text(id.description)], count: report.replayed + report.released)
            return .json(.ok, report.json)
        } catch .unknownHandler(let name) {
            return .error(.badRequest, "to: no handler named \(name) is configured")
        } catch {
            return .error(.serviceUnavailable, error.description, headers: HTTPHeaders([("Retry-After", "5")]))
        }
    }

    // MARK: Held events by reason

    /// Dead letters or quarantined events counted by reason (and handler).
    static func reasons(_ runtime: ReceiverRuntime, source: EventSelection.Source) -> HTTPResponse {
        var counts: [String: (handler: String?, count: Int)] = [:]
        for entry in runtime.engine.heldEntries(EventSelection(source: source)) {
            if source == .quarantine, let reason = entry.quarantine?.reason {
                counts[reason, default: (nil, 0)].count += 1
            }
            guard source == .deadLetters else { continue }
            for progress in entry.handlers where progress.status == .dead {
                let key = progress.handler + "\u{0}" + (progress.lastError ?? "")
                counts[key, default: (progress.handler, 0)].count += 1
            }
        }
        let items: [JSONValue] = counts.sorted { $0.value.count > $1.value.count }.map { key, value in
            let reason = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? key
            var members: [(String, JSONValue)] = [("reason", .string(reason)), ("count", .number(String(value.count)))]
            if let handler = value.handler { members.insert(("handler", .string(handler)), at: 0) }
            return .object(members)
        }
        return .json(.ok, JSONValue.object([("reasons", .array(items))]).serialized())
    }

    // MARK: Audit

    /// `GET /api/audit?before=OFFSET&limit=N`: the audit log, newest first.
    static func audit(_ runtime: ReceiverRuntime, _ request: AdminRequest) -> HTTPResponse {
        guard let log = runtime.adminResponder?.gate.audit else { return .json(.ok, "{\"entries\":[],\"next\":null}") }
        let limit = request.query["limit"].flatMap(Int.init).map { min(max($0, 1), 500) } ?? 100
        let before = request.query["before"].flatMap(Int.init)
        let entries = log.entries().newest(limit: limit, before: before)
        let body = JSONValue.object([
            ("entries", .array(entries.map(ConsoleJSON.audit))),
            ("next", entries.count == limit ? entries.last.map { .number(String($0.offset)) } ?? .null : .null),
        ])
        return .json(.ok, body.serialized())
    }
}

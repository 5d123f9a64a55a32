import Delivery
import HTTP1
import JSONSyntax
import Synchronization
import SynapEvents
import SystemIO

/// The HTTP side of the receiver: routes a POST to its route, checks the body is JSON
/// (whatever the Content-Type says: Synap's is undocumented, and refusing on it could lose events),
/// journals it (waiting for the group fsync, not a thread), answers 200 with the event id,
/// and hands it to the dispatcher. Every refusal is a JSON error naming the problem.
public final class WebhookResponder: HTTPResponder {
    private let journal: Journal
    private let dispatcher: Dispatcher
    private let deduplication: DeduplicationIndex
    private let log: OperationalLog
    private let metrics: Metrics
    private let decoder = SynapEventDecoder()
    let gate: RouteGate
    /// Health and metrics on this listener (when there is no separate admin listener).
    private let operations: OperationsEndpoints?
    /// Journal size at which new events are refused (reloadable).
    let journalLimit: Mutex<Int>
    /// Asks for finished journal segments to be deleted now (the journal is full).
    private let makeRoom: @Sendable () -> Void

    init(
        gate: RouteGate, journal: Journal, dispatcher: Dispatcher, deduplication: DeduplicationIndex,
        operations: OperationsEndpoints?, journalLimit: Int, makeRoom: @escaping @Sendable () -> Void, metrics: Metrics,
        log: OperationalLog
    ) {
        self.journalLimit = Mutex(journalLimit)
        self.makeRoom = makeRoom
        self.gate = gate
        self.journal = journal
        self.dispatcher = dispatcher
        self.deduplication = deduplication
        self.operations = operations
        self.metrics = metrics
        self.log = log
    }

    public func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? {
        if operations?.handles(head.path) == true { return nil }
        guard case .refuse(let refusal, let route) = gate.check(head, context: context) else { return nil }
        metrics.increment("synap_http_requests_total", ["route": route, "status": String(refusal.status.code)])
        return refusal.with(requestID: context.requestID)
    }

    public func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if let operations, let answer = operations.answer(request) {
            return completion(answer.with(requestID: context.requestID))
        }
        let route: RouteDefinition
        switch gate.check(request.head, context: context) {
        case .refuse(let refusal, let routeLabel):
            return reply(refusal, route: routeLabel, context: context, completion: completion)
        case .pass(let found):
            route = found
        }
        let reply: @Sendable (HTTPResponse) -> Void = { [self] response in
            self.reply(response, route: route.path, context: context, completion: completion)
        }
        if let syntaxError = JSONSyntaxValidator.validate(request.body) {
            log.warning("refused a body that is not JSON", ["route": route.path, "requestId": context.requestID, "error": syntaxError.description])
            return reply(.error(.badRequest, "body is not valid JSON: \(syntaxError)"))
        }
        if route.onInvalidPayload == .reject, let refusal = checkModel(request.body, route: route, requestID: context.requestID) {
            return reply(refusal)
        }
        accept(request, route: route, context: context, reply: reply)
    }

    private func reply(_ response: HTTPResponse, route: String, context: HTTPRequestContext, completion: @Sendable (HTTPResponse) -> Void) {
        metrics.increment("synap_http_requests_total", ["route": route, "status": String(response.status.code)])
        completion(response.with(requestID: context.requestID))
    }

    private func accept(_ request: HTTPRequest, route: RouteDefinition, context: HTTPRequestContext, reply: @escaping @Sendable (HTTPResponse) -> Void) {
        if journal.bytesOnDisk >= journalLimit.withLock({ $0 }) {
            log.error("journal is full; answered 503", ["route": route.path, "requestId": context.requestID, "journalBytes": String(journal.bytesOnDisk)])
            makeRoom()
            return reply(Self.journalFull)
        }
        let now = WallClock.nowMilliseconds()
        let key = deduplication.key(route: route.path, body: request.body)
        let acknowledgeDuplicate: @Sendable (EventID) -> Void = { [log, metrics] original in
            metrics.increment("synap_events_duplicate_total", ["route": route.path])
            log.info("duplicate body; acknowledged without dispatching again", ["route": route.path, "requestId": context.requestID, "duplicateOf": original.description])
            reply(Self.accepted(id: original, duplicate: true))
        }
        let claim = deduplication.claim(key, now: now) { original in
            guard let original else { return reply(Self.journalUnavailable) }
            acknowledgeDuplicate(original)
        }
        switch claim {
        case .waiting:
            return
        case .duplicate(let original):
            return acknowledgeDuplicate(original)
        case .fresh:
            break
        }
        let record = EventRecord(
            id: journal.nextEventID(now: now), receivedAt: now, route: route.path, kind: route.kindCode, handlers: route.handlers,
            requestID: context.requestID, contentType: request.head.headers["content-type"] ?? "", body: request.body)
        journal.append(.event(record)) { [dispatcher, deduplication, log, metrics] result in
            switch result {
            case .success(let position):
                metrics.increment("synap_events_accepted_total", ["route": route.path, "kind": route.kindCode])
                deduplication.confirm(key, id: record.id)
                reply(Self.accepted(id: record.id, duplicate: false))
                dispatcher.submit(record, at: position)
            case .failure(let error):
                deduplication.release(key)
                log.error("journal write failed; answered 503", ["route": route.path, "requestId": context.requestID, "error": error.description])
                reply(Self.journalUnavailable)
            }
        }
    }

    private func checkModel(_ body: [UInt8], route: RouteDefinition, requestID: String) -> HTTPResponse? {
        let kind: EventKind
        if let event = route.event {
            kind = event
        } else if let detected = EventKindDetector.detect(body) {
            kind = detected.kind
        } else {
            return .error(.badRequest, "could not tell the event kind from meta.eventName or the payload's shape")
        }
        do {
            _ = try decoder.decode(kind, from: body)
            return nil
        } catch {
            log.warning("refused a payload that does not fit its model", ["route": route.path, "requestId": requestID, "error": error.description])
            return .error(.badRequest, "payload does not fit \(kind.rawValue): \(error)")
        }
    }

    static let journalUnavailable = HTTPResponse.error(
        .serviceUnavailable, "the event could not be stored; retry later", headers: HTTPHeaders([("Retry-After", "5")]))

    static let journalFull = HTTPResponse.error(
        .serviceUnavailable, "the receiver's journal is full; retry later", headers: HTTPHeaders([("Retry-After", "30")]))

    static func accepted(id: EventID, duplicate: Bool) -> HTTPResponse {
        .json(.ok, "{\"id\":\"\(id)\",\"status\":\"\(duplicate ? "duplicate" : "accepted")\"}")
    }
}

extension HTTPResponse {
    /// The response with an `X-Request-Id` header, so a client can quote it when asking about a request.
    func with(requestID: String) -> HTTPResponse {
        var copy = self
        copy.headers.add("X-Request-Id", requestID)
        return copy
    }
}

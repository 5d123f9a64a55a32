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
    private let decoder = SynapEventDecoder()
    private let routes: Mutex<[String: RouteDefinition]>
    private let health: HealthEndpoints

    init(
        routes: [RouteDefinition], journal: Journal, dispatcher: Dispatcher, deduplication: DeduplicationIndex,
        health: HealthEndpoints, log: OperationalLog
    ) {
        self.routes = Mutex(Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0) }))
        self.journal = journal
        self.dispatcher = dispatcher
        self.deduplication = deduplication
        self.health = health
        self.log = log
    }

    /// Swaps the route table (configuration reload).
    func update(routes newRoutes: [RouteDefinition]) {
        routes.withLock { $0 = Dictionary(uniqueKeysWithValues: newRoutes.map { ($0.path, $0) }) }
    }

    public func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? {
        if health.handles(head.path) { return nil }
        switch route(for: head) {
        case .refused(let refusal): return refusal.with(requestID: context.requestID)
        case .found: return nil
        }
    }

    public func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let requestID = context.requestID
        let reply: @Sendable (HTTPResponse) -> Void = { completion($0.with(requestID: requestID)) }
        if let answer = health.answer(request.head) { return reply(answer) }
        let route: RouteDefinition
        switch self.route(for: request.head) {
        case .refused(let refusal): return reply(refusal)
        case .found(let found): route = found
        }
        if let syntaxError = JSONSyntaxValidator.validate(request.body) {
            log.warning("refused a body that is not JSON", ["route": route.path, "requestId": requestID, "error": syntaxError.description])
            return reply(.error(.badRequest, "body is not valid JSON: \(syntaxError)"))
        }
        if route.onInvalidPayload == .reject, let refusal = checkModel(request.body, route: route, requestID: requestID) {
            return reply(refusal)
        }
        accept(request, route: route, context: context, reply: reply)
    }

    private func accept(_ request: HTTPRequest, route: RouteDefinition, context: HTTPRequestContext, reply: @escaping @Sendable (HTTPResponse) -> Void) {
        let now = WallClock.nowMilliseconds()
        let key = DeduplicationIndex.key(route: route.path, body: request.body)
        let claim = deduplication.claim(key, now: now) { [log] original in
            guard let original else { return reply(Self.journalUnavailable) }
            log.info("duplicate body; acknowledged without dispatching again", ["route": route.path, "requestId": context.requestID, "duplicateOf": original.description])
            reply(Self.accepted(id: original, duplicate: true))
        }
        switch claim {
        case .waiting:
            return
        case .duplicate(let original):
            log.info("duplicate body; acknowledged without dispatching again", ["route": route.path, "requestId": context.requestID, "duplicateOf": original.description])
            return reply(Self.accepted(id: original, duplicate: true))
        case .fresh:
            break
        }
        let record = EventRecord(
            id: journal.nextEventID(now: now), receivedAt: now, route: route.path, kind: route.kindCode, handlers: route.handlers,
            requestID: context.requestID, contentType: request.head.headers["content-type"] ?? "", body: request.body)
        journal.append(.event(record)) { [dispatcher, deduplication, log] result in
            switch result {
            case .success(let segment):
                deduplication.confirm(key, id: record.id)
                reply(Self.accepted(id: record.id, duplicate: false))
                dispatcher.submit(record, segment: segment)
            case .failure(let error):
                deduplication.release(key)
                log.error("journal write failed; answered 503", ["route": route.path, "requestId": context.requestID, "error": error.description])
                reply(Self.journalUnavailable)
            }
        }
    }

    private enum RouteLookup {
        case found(RouteDefinition)
        case refused(HTTPResponse)
    }

    private func route(for head: HTTPRequestHead) -> RouteLookup {
        guard let route = routes.withLock({ $0[head.path] }) else {
            return .refused(.error(.notFound, "no route for \(head.path)"))
        }
        guard head.method == "POST" else {
            return .refused(.error(.methodNotAllowed, "\(head.path) accepts POST only", headers: HTTPHeaders([("Allow", "POST")])))
        }
        return .found(route)
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

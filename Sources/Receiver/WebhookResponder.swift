import Checksums
import Delivery
import HTTP1
import JSONSyntax
import Synchronization
import SystemIO

/// The HTTP side of the receiver: routes a POST to its route and checks its credentials (from
/// the head, before the body is read), checks the body is JSON (whatever the Content-Type
/// says: Synap's is undocumented, and refusing on it could lose events), and hands it to the
/// delivery intake, which answers once the event is durable. Every refusal is a JSON error
/// naming the problem. On a route that redacts fields, the body is redacted here, before the
/// intake sees it: what is stored, de-duplicated, decoded and forwarded is the redacted body.
public final class WebhookResponder: HTTPResponder {
    private let intake: DeliveryIntake
    private let log: OperationalLog
    private let metrics: Metrics
    /// The configuration in force; a reload swaps it whole.
    private let current: Mutex<ReceiverSnapshot>
    /// Health and metrics on this listener (when there is no separate admin listener).
    private let operations: OperationsEndpoints?
    private let acceptedRate: AcceptedRate?
    /// The data directory's identifier key, for the `hash` action of routes' `redact`.
    private let identifiers: KeyedIdentifierHash

    init(
        snapshot: ReceiverSnapshot, intake: DeliveryIntake, operations: OperationsEndpoints?, metrics: Metrics, acceptedRate: AcceptedRate? = nil,
        identifiers: KeyedIdentifierHash, log: OperationalLog
    ) {
        self.acceptedRate = acceptedRate
        self.identifiers = identifiers
        self.current = Mutex(snapshot)
        self.intake = intake
        self.operations = operations
        self.metrics = metrics
        self.log = log
    }

    /// The configuration in force.
    var snapshot: ReceiverSnapshot { current.withLock { $0 } }

    /// Puts a new configuration in force (reload).
    func install(_ snapshot: ReceiverSnapshot) {
        current.withLock { $0 = snapshot }
    }

    public func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? {
        if operations?.handles(head.path) == true { return nil }
        guard case .refuse(let refusal, let route) = snapshot.gate.check(head, context: context) else { return nil }
        metrics.increment("synap_http_requests_total", ["route": route, "status": String(refusal.status.code)])
        return refusal.with(requestID: context.requestID)
    }

    public func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if let operations, let answer = operations.answer(request) {
            return completion(answer.with(requestID: context.requestID))
        }
        let snapshot = snapshot
        let definition: RouteDefinition
        switch snapshot.gate.check(request.head, context: context) {
        case .refuse(let refusal, let routeLabel):
            return reply(refusal, route: routeLabel, context: context, completion: completion)
        case .pass(let found):
            definition = found
        }
        // Parsed once: this value is the JSON check, and what is decoded, filtered and kind-checked.
        var value: JSONValue
        var body = request.body
        do throws(JSONSyntaxError) {
            value = try JSONValue(parsing: request.body)
        } catch {
            log.warning("refused a body that is not JSON", ["route": definition.path, "requestId": context.requestID, "error": error.description])
            return reply(.error(.badRequest, "body is not valid JSON: \(error)"), route: definition.path, context: context, completion: completion)
        }
        if !definition.redactions.isEmpty {
            // Redacted before anything else sees it: nothing of the redacted fields goes
            // further than this function, and the redacted body is what is stored.
            let redaction = PayloadRedaction(rules: definition.redactions, identifiers: identifiers)
            value = redaction.apply(value)
            body = Array(value.serialized().utf8)
        }
        guard let route = snapshot.route(definition.path) else {
            return reply(.error(.notFound, "no route for \(definition.path)"), route: "unmatched", context: context, completion: completion)
        }
        let submission = DeliveryIntake.Submission(
            route: route, body: body, value: value, requestID: context.requestID, contentType: request.head.headers["content-type"] ?? "")
        let client = snapshot.gate.client(request.head, peer: context.peer)
        let logAccepted = snapshot.configuration.log.acceptedEvents
        intake.submit(submission, limits: snapshot.configuration.storeLimits) { [self] answer in
            // This runs on the journal's thread: the answer is prepared on the connection's queue.
            context.queue.async { [self] in
                let response = self.response(to: answer, route: route, requestID: context.requestID, client: client.host, logAccepted: logAccepted)
                reply(response, route: route.path, context: context, completion: completion)
            }
        }
    }

    private func response(to answer: DeliveryIntake.Answer, route: RoutePlan, requestID: String, client: String, logAccepted: Bool) -> HTTPResponse {
        switch answer {
        case .accepted(let id, let quarantined, let warning):
            metrics.increment("synap_events_accepted_total", ["route": route.path, "kind": route.kind.code])
            if let warning {
                log.warning("accepted as the route's kind: \(warning)", ["id": id.description, "route": route.path, "requestId": requestID])
            }
            acceptedRate?.record()
            if logAccepted {
                log.info("accepted", ["id": id.description, "route": route.path, "kind": route.kind.code, "requestId": requestID, "client": client])
            }
            return Self.accepted(id: id, duplicate: false, quarantined: quarantined != nil)
        case .duplicate(let original):
            metrics.increment("synap_events_duplicate_total", ["route": route.path])
            log.info("duplicate body; acknowledged without dispatching again", ["route": route.path, "requestId": requestID, "client": client, "duplicateOf": original.description])
            return Self.accepted(id: original, duplicate: true, quarantined: false)
        case .suppressed:
            // The learner asked to be erased and forgotten: nothing of the event is kept, and
            // the log names no identifier.
            metrics.increment("synap_events_suppressed_total", ["route": route.path])
            log.info("event about a suppressed learner acknowledged; not stored or dispatched", ["route": route.path, "requestId": requestID])
            return .json(.ok, "{\"status\":\"suppressed\"}")
        case .refused(let reason):
            log.warning("refused a payload that does not fit its model", ["route": route.path, "requestId": requestID, "client": client, "error": reason])
            return .error(.badRequest, reason)
        case .unavailable(let why):
            log.error("\(why.message); answered 503", ["route": route.path, "requestId": requestID, "reason": why.rawValue])
            return .error(.serviceUnavailable, why.message + "; retry later", headers: HTTPHeaders([("Retry-After", String(why.retryAfter))]))
        }
    }

    private func reply(_ response: HTTPResponse, route: String, context: HTTPRequestContext, completion: @Sendable (HTTPResponse) -> Void) {
        metrics.increment("synap_http_requests_total", ["route": route, "status": String(response.status.code)])
        completion(response.with(requestID: context.requestID))
    }

    static func accepted(id: EventID, duplicate: Bool, quarantined: Bool) -> HTTPResponse {
        let status = duplicate ? "duplicate" : quarantined ? "quarantined" : "accepted"
        return .json(.ok, "{\"id\":\"\(id)\",\"status\":\"\(status)\"}")
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

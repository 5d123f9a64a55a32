import HTTP1
import Synchronization

/// The admin listener (bind it to localhost, or put it behind a TLS proxy): every request
/// passes `AdminGate` first (Host, Origin, Content-Type, credentials, role, CSRF), then reaches
/// its route in `routes`. Every answer carries the security headers and a request id, and every
/// state-changing request that reached a handler is written to the audit log.
final class AdminResponder: HTTPResponder {
    let gate: AdminGate
    /// The console's frame (login, logout, stylesheet) plus the routes given.
    let routes: AdminRouteTable
    private let handlerRuns = Atomic<Int>(0)

    init(gate: AdminGate, routes: AdminRouteTable) {
        var table = AdminRouteTable(AdminRouteTable.authentication(gate))
        routes.routes.forEach { table.add($0) }
        self.gate = gate
        self.routes = table
    }

    /// How many requests reached a route's handler (tests check refused requests never do).
    var handlersRun: Int { handlerRuns.load(ordering: .relaxed) }

    // The body is read before anything is decided (the form's CSRF token is in it); the admin
    // listener's body limit bounds what an unauthenticated client can send.
    func answerBeforeBody(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPResponse? { nil }

    func respond(to request: HTTPRequest, context: HTTPRequestContext, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        switch gate.admit(request, context: context, routes: routes) {
        case .refuse(let response, let route):
            finish(response, route: route, context: context, completion: completion)
        case .pass(let admitted):
            handlerRuns.add(1, ordering: .relaxed)
            admitted.route.handler(admitted) { [self] response in
                audit(admitted, response)
                finish(response, route: admitted.route.name, context: context, completion: completion)
            }
        }
    }

    /// One record per state-changing request (and per read whose handler noted it), unless the
    /// handler wrote its own.
    private func audit(_ request: AdminRequest, _ response: HTTPResponse) {
        let note = request.audit.current
        guard !note.recordedByHandler, request.route.changesState || note.noted else { return }
        gate.recordAudit(
            who: request.principal?.auditName ?? "anonymous", action: note.action ?? request.route.name, selection: note.selection,
            count: note.count, outcome: String(response.status.code), via: request.principal?.method.rawValue, client: request.client,
            requestID: request.context.requestID)
    }

    private func finish(_ response: HTTPResponse, route: String, context: HTTPRequestContext, completion: @Sendable (HTTPResponse) -> Void) {
        var secured = response
        AdminSecurityHeaders.apply(to: &secured)
        gate.metrics.increment("synap_admin_requests_total", ["route": route, "status": String(response.status.code)])
        completion(secured.with(requestID: context.requestID))
    }
}

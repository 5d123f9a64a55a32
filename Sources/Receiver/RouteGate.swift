import HTTP1
import Synchronization
import SystemIO

/// Everything decided from a request's head alone: which route, whether the method fits,
/// whether the client's network may post there, and whether its credentials are right.
/// Used before the body is read (`Expect: 100-continue`) and again for the whole request.
final class RouteGate: Sendable {
    enum Outcome {
        case pass(RouteDefinition)
        case refuse(HTTPResponse, route: String)
    }

    private let routes: Mutex<[String: RouteDefinition]>
    private let clients: Mutex<ClientAddressResolver>
    private let log: OperationalLog
    private let metrics: Metrics

    init(routes: [RouteDefinition], trustedProxies: [NetworkRange], log: OperationalLog, metrics: Metrics) {
        self.routes = Mutex(Self.table(routes))
        self.clients = Mutex(ClientAddressResolver(trustedProxies: trustedProxies))
        self.log = log
        self.metrics = metrics
    }

    func update(routes newRoutes: [RouteDefinition], trustedProxies: [NetworkRange]) {
        routes.withLock { $0 = Self.table(newRoutes) }
        clients.withLock { $0 = ClientAddressResolver(trustedProxies: trustedProxies) }
    }

    private static func table(_ routes: [RouteDefinition]) -> [String: RouteDefinition] {
        Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0) })
    }

    /// The client's address, through trusted proxies.
    func client(_ head: HTTPRequestHead, peer: SocketAddress) -> SocketAddress {
        clients.withLock { $0 }.client(peer: peer, headers: head.headers)
    }

    /// Decides the request from its head; refusals are logged and counted here. A request that
    /// asks `Expect: 100-continue` is checked before its body and again when complete (a reload
    /// may have changed its route or credentials in between); any other, once when complete.
    func check(_ head: HTTPRequestHead, context: HTTPRequestContext) -> Outcome {
        guard let route = routes.withLock({ $0[head.path] }) else {
            return .refuse(.error(.notFound, "no route for \(head.path)"), route: "unmatched")
        }
        guard head.method == "POST" else {
            return .refuse(.error(.methodNotAllowed, "\(head.path) accepts POST only", headers: HTTPHeaders([("Allow", "POST")])), route: route.path)
        }
        // The forwarding headers are read only when the answer depends on them or a refusal is logged.
        if !route.allowFrom.isEmpty {
            let client = client(head, peer: context.peer)
            if !route.allowFrom.contains(where: { $0.contains(client) }) {
                log.warning("refused a client outside the route's allowed networks", ["route": route.path, "client": client.host, "requestId": context.requestID])
                return .refuse(.error(.forbidden, "this address may not post to \(route.path)"), route: route.path)
            }
        }
        if let auth = route.auth, let refusal = auth.check(head.headers["authorization"]) {
            metrics.increment("synap_auth_failures_total", ["route": route.path])
            log.warning("refused a request without valid credentials", ["route": route.path, "client": client(head, peer: context.peer).host, "reason": refusal.logText, "requestId": context.requestID])
            return .refuse(.error(.unauthorized, "valid Basic credentials are required", headers: HTTPHeaders([("WWW-Authenticate", auth.challenge)])), route: route.path)
        }
        return .pass(route)
    }
}

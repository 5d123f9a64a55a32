import HTTP1
import Synchronization
import SystemIO

/// Everything decided from a request's head alone: which route, whether the method fits,
/// whether the client's network may post there, and whether its credentials are right.
/// The server asks before reading any body (`answerBeforeBody`), so a refused body is never
/// read; the whole request is checked again (a reload may have changed its route or
/// credentials in between).
///
/// Every refusal is logged, at most one line a second per kind (`OperationalLog.throttled`,
/// with how many were refused since), with the client's address; the path and the username a
/// client sent are truncated, and escaped by the log, so no request can bloat or forge a line.
final class RouteGate: Sendable {
    enum Outcome {
        case pass(RouteDefinition)
        case refuse(HTTPResponse, route: String)
    }

    /// Longest path written to the log; a longer one is cut (with `…`).
    static let loggedPathLength = 128
    /// Longest username written to the log.
    static let loggedUsernameLength = 64

    private let routes: Mutex<[String: RouteDefinition]>
    private let clients: Mutex<ClientAddressResolver>
    private let log: OperationalLog
    private let metrics: Metrics

    init(routes: [RouteDefinition], clients: ClientAddressResolver, log: OperationalLog, metrics: Metrics) {
        self.routes = Mutex(Self.table(routes))
        self.clients = Mutex(clients)
        self.log = log
        self.metrics = metrics
    }

    /// The gate for `configuration`'s routes, trusted proxies and forwarding header.
    convenience init(configuration: ReceiverConfiguration, log: OperationalLog, metrics: Metrics) {
        self.init(routes: configuration.routes, clients: Self.clients(configuration), log: log, metrics: metrics)
    }

    /// Applies a reloaded configuration's routes, trusted proxies and forwarding header.
    func update(from configuration: ReceiverConfiguration) {
        routes.withLock { $0 = Self.table(configuration.routes) }
        clients.withLock { $0 = Self.clients(configuration) }
    }

    private static func clients(_ configuration: ReceiverConfiguration) -> ClientAddressResolver {
        ClientAddressResolver(trustedProxies: configuration.trustedProxies, header: configuration.forwardedHeader)
    }

    private static func table(_ routes: [RouteDefinition]) -> [String: RouteDefinition] {
        Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0) })
    }

    /// The client's address, through trusted proxies.
    func client(_ head: HTTPRequestHead, peer: SocketAddress) -> SocketAddress {
        clients.withLock { $0 }.client(peer: peer, headers: head.headers)
    }

    /// Decides the request from its head; refusals are logged and counted here.
    func check(_ head: HTTPRequestHead, context: HTTPRequestContext) -> Outcome {
        // The forwarding header is read only when the answer depends on it or a refusal is logged.
        let clientHost = { self.client(head, peer: context.peer).host }
        guard let route = routes.withLock({ $0[head.path] }) else {
            log.throttled(.warning, topic: "no-route", "refused a request for a path with no route", [
                "client": clientHost(), "method": head.method, "path": head.path.truncatedForLog(Self.loggedPathLength),
                "requestId": context.requestID,
            ])
            return .refuse(.error(.notFound, "no route for \(head.path)"), route: "unmatched")
        }
        guard head.method == "POST" else {
            log.throttled(.warning, topic: "method", "refused a method the route does not accept", [
                "client": clientHost(), "method": head.method, "route": route.path, "requestId": context.requestID,
            ])
            return .refuse(.error(.methodNotAllowed, "\(head.path) accepts POST only", headers: HTTPHeaders([("Allow", "POST")])), route: route.path)
        }
        if !route.allowFrom.isEmpty {
            let address = self.client(head, peer: context.peer)
            if !route.allowFrom.contains(where: { $0.contains(address) }) {
                log.throttled(.warning, topic: "network", "refused a client outside the route's allowed networks", [
                    "client": address.host, "route": route.path, "requestId": context.requestID,
                ])
                return .refuse(.error(.forbidden, "this address may not post to \(route.path)"), route: route.path)
            }
        }
        if let auth = route.auth, let refusal = auth.check(head.headers["authorization"]) {
            metrics.increment("synap_auth_failures_total", ["route": route.path])
            if let username = refusal.username {
                log.throttled(.warning, topic: "credentials", "refused a request without valid credentials", [
                    "client": clientHost(), "route": route.path, "reason": refusal.logText,
                    "username": username.truncatedForLog(Self.loggedUsernameLength), "requestId": context.requestID,
                ])
            } else {
                log.throttled(.warning, topic: "credentials", "refused a request without valid credentials", [
                    "client": clientHost(), "route": route.path, "reason": refusal.logText, "requestId": context.requestID,
                ])
            }
            return .refuse(.error(.unauthorized, "valid Basic credentials are required", headers: HTTPHeaders([("WWW-Authenticate", auth.challenge)])), route: route.path)
        }
        return .pass(route)
    }
}

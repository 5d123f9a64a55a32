import Foundation
import HTTP1
import Synchronization
import SystemIO

/// What every admin request passes before any route's handler runs, in this order (cheap
/// checks first, so nothing refused early costs a password hash):
///
/// 1. **Host**: exactly one, and one the listener answers for (`AdminHostPolicy`), else 400/421.
/// 2. **Origin**: when present, an allowed one (403). **State-changing requests** (any method but
///    GET/HEAD, or a route marked so): `Sec-Fetch-Site` must not say cross-site (403), and the
///    body must be `application/json` or a form (415).
/// 3. **Credentials**: `Authorization: Basic` (a user) or `Bearer` (a token), from the cache or
///    verified after the rate limiter admits the attempt (429 otherwise); else a session
///    cookie. None: 401 with `WWW-Authenticate`, or a redirect to /login for a browser page.
/// 4. **Route and role**: 404, 405, or 403 when the role does not permit the route.
/// 5. **CSRF**: a form must carry the session's token in `csrf` (the login form: the token of
///    its cookie), whatever the credentials: browsers resend cached Basic credentials cross-site.
final class AdminGate: Sendable {
    enum Decision {
        case refuse(HTTPResponse, route: String)
        case pass(AdminRequest)
    }

    /// The reloadable part: credentials, hosts and origins, proxies.
    private struct Configuration: Sendable {
        var settings: AdminSettings
        var trustedProxies: [NetworkRange]
        var hostPolicy: (port: Int, policy: AdminHostPolicy)?
    }

    private let configuration: Mutex<Configuration>
    let sessions: AdminSessions
    let credentialCache: VerifiedCredentialCache
    let limiter: LoginRateLimiter
    /// nil only in tests that do not look at it.
    let audit: AuditLog?
    let log: OperationalLog
    let metrics: Metrics
    private let listenerPort: @Sendable () -> Int
    private let hashRuns = Atomic<Int>(0)
    private let lastRefusalLog = Mutex<[String: Int64]>([:])

    init(
        settings: AdminSettings, trustedProxies: [NetworkRange], audit: AuditLog?, log: OperationalLog, metrics: Metrics,
        limiter: LoginRateLimiter = LoginRateLimiter(), listenerPort: @escaping @Sendable () -> Int
    ) {
        configuration = Mutex(Configuration(settings: settings, trustedProxies: trustedProxies))
        sessions = AdminSessions(lifetimeSeconds: settings.sessionSeconds)
        credentialCache = VerifiedCredentialCache()
        self.limiter = limiter
        self.audit = audit
        self.log = log
        self.metrics = metrics
        self.listenerPort = listenerPort
    }

    /// How many times PBKDF2 has run to check a credential (also `synap_admin_password_hashes_total`).
    var passwordHashRuns: Int { hashRuns.load(ordering: .relaxed) }

    /// Applies reloaded credentials, hosts and proxies. Verified credentials are forgotten;
    /// sessions of users who are gone end (a changed role applies at the next request).
    func update(settings: AdminSettings, trustedProxies: [NetworkRange]) {
        configuration.withLock { configuration in
            var fresh = settings
            fresh.listener = configuration.settings.listener  // the listener stays as started; its address sets the default hosts
            configuration = Configuration(settings: fresh, trustedProxies: trustedProxies)
        }
        credentialCache.removeAll()
        sessions.end { settings.credentials.user(named: $0.username) == nil }
    }

    var settings: AdminSettings { configuration.withLock { $0.settings } }

    /// Decides `request`: refused with an answer, or passed to its route.
    func admit(_ request: HTTPRequest, context: HTTPRequestContext, routes: AdminRouteTable) -> Decision {
        let head = request.head
        let (settings, proxies, hosts) = snapshot()
        let client = ClientAddressResolver(trustedProxies: proxies).client(peer: context.peer, headers: head.headers)
        let https = settings.tls || Self.forwardedHTTPS(head, peer: context.peer, proxies: proxies)

        guard let host = Self.requestHost(head) else {
            return refuse(.badRequest, "a request needs exactly one Host header", reason: "host", context: context, client: client)
        }
        guard hosts.allowsHost(host) else {
            return refuse(.misdirectedRequest, "this listener does not answer for the host \(host) (add it to admin.publicHosts)", reason: "host", context: context, client: client)
        }

        let lookup = routes.lookup(method: head.method, path: head.path)
        var route: AdminRoute?
        if case .found(let found, _) = lookup { route = found }
        let routeLabel = route?.name ?? "unmatched"
        let changesState = route?.changesState ?? !AdminRoute.safeMethods.contains(head.method)

        // A foreign Origin is refused on every method: the console never makes such requests,
        // and refusing them costs nothing (a cross-site link is a navigation, which sends none).
        if let origin = head.headers["origin"], !hosts.allowsOrigin(origin) {
            return refuse(.forbidden, "cross-origin request refused: \(origin) is not an allowed origin (admin.allowedOrigins)", reason: "origin", route: routeLabel, context: context, client: client)
        }
        var form: FormFields?
        if changesState {
            if let site = head.headers["sec-fetch-site"]?.lowercased(), site == "cross-site" || site == "same-site" {
                return refuse(.forbidden, "cross-site request refused (Sec-Fetch-Site: \(site))", reason: "origin", route: routeLabel, context: context, client: client)
            }
            switch Self.mediaType(head) {
            case "application/json":
                break
            case "application/x-www-form-urlencoded":
                guard let fields = FormFields(urlEncoded: request.body) else {
                    return refuse(.badRequest, "the form body is not valid application/x-www-form-urlencoded", reason: "form", route: routeLabel, context: context, client: client)
                }
                form = fields
            default:
                return refuse(
                    .unsupportedMediaType, "a request that changes something must be application/json, or a form carrying its CSRF token",
                    reason: "content_type", route: routeLabel, context: context, client: client)
            }
        }

        var principal: AdminPrincipal?
        var session: AdminSession?
        if route?.access == .anyone {
            // Public routes read a session if there is one, and never verify or refuse credentials.
            (principal, session) = sessionPrincipal(head, settings: settings)
        } else {
            switch authenticate(head, client: client, settings: settings, context: context) {
            case .verified(let verified, let verifiedSession):
                (principal, session) = (verified, verifiedSession)
            case .refused(let response, let reason):
                metrics.increment("synap_admin_refusals_total", ["reason": reason])
                return .refuse(response, route: routeLabel)
            case .missing:
                metrics.increment("synap_admin_refusals_total", ["reason": "no_credentials"])
                return .refuse(unauthenticated(head, route: route, settings: settings), route: routeLabel)
            }
        }

        let remainder: String
        switch lookup {
        case .notFound:
            return .refuse(.error(.notFound, "no admin endpoint \(head.path)"), route: routeLabel)
        case .wrongMethod(let allowed):
            return .refuse(.error(.methodNotAllowed, "\(head.path) accepts \(allowed.joined(separator: ", ")) only", headers: HTTPHeaders([("Allow", allowed.joined(separator: ", "))])), route: routeLabel)
        case .found(_, let rest):
            remainder = rest
        }
        let matched = route!
        if let required = matched.requiredRole, let principal, !principal.role.permits(required) {
            return refuse(.forbidden, "\(matched.name) needs the \(required.rawValue) role; \(principal.auditName) is a \(principal.role.rawValue)", reason: "role", route: routeLabel, context: context, client: client)
        }
        if let form {
            let expected = matched.access == .anyone ? AdminCookies.values(head)[AdminCookies.loginTokenName] : session?.csrfToken
            guard let expected, let given = form["csrf"], BasicAuthenticator.constantTimeEquals(Array(given.utf8), Array(expected.utf8)) else {
                return refuse(.forbidden, "this form is missing its CSRF token or the token does not match: reload the page and try again", reason: "csrf", route: routeLabel, context: context, client: client)
            }
        }
        return .pass(AdminRequest(
            http: request, context: context, route: matched, remainder: remainder, principal: principal, session: session,
            client: client, isHTTPS: https, form: form, audit: AdminAuditNote()))
    }

    private func snapshot() -> (AdminSettings, [NetworkRange], AdminHostPolicy) {
        let port = listenerPort()
        return configuration.withLock { configuration in
            if configuration.hostPolicy?.port != port {
                configuration.hostPolicy = (port, AdminHostPolicy(settings: configuration.settings, boundPort: port))
            }
            return (configuration.settings, configuration.trustedProxies, configuration.hostPolicy!.policy)
        }
    }

    /// 401 with both challenges, or, for a browser asking for a page, a redirect to the login form.
    private func unauthenticated(_ head: HTTPRequestHead, route: AdminRoute?, settings: AdminSettings) -> HTTPResponse {
        let wantsPage = (route == nil || route?.presentation == .page) && AdminRoute.safeMethods.contains(head.method)
            && head.headers["authorization"] == nil && (head.headers["accept"] ?? "").contains("text/html")
        if wantsPage {
            let target = head.path + (head.query.map { "?" + $0 } ?? "")
            return HTTPResponse(status: .seeOther, headers: HTTPHeaders([("Location", "/login?next=" + FormFields.encode(target))]))
        }
        return .error(
            .unauthorized, "credentials are required: Basic (a user of admin.users), Bearer (a token of admin.tokens), or log in at /login",
            headers: HTTPHeaders([
                ("WWW-Authenticate", "Basic realm=\"\(settings.realm)\", charset=\"UTF-8\""),
                ("WWW-Authenticate", "Bearer realm=\"\(settings.realm)\""),
            ]))
    }

    /// A refusal that is counted and logged (at most one line per reason a second: a hostile
    /// page can send many).
    func refuse(
        _ status: HTTPStatus, _ message: String, reason: String, route: String = "unmatched", context: HTTPRequestContext,
        client: SocketAddress, headers: HTTPHeaders = HTTPHeaders()
    ) -> Decision {
        metrics.increment("synap_admin_refusals_total", ["reason": reason])
        let second = WallClock.nowMilliseconds() / 1000
        let due = lastRefusalLog.withLock { last in
            defer { last[reason] = second }
            return last[reason] != second
        }
        if due {
            log.warning("admin request refused", ["reason": reason, "status": String(status.code), "client": client.host, "detail": message, "requestId": context.requestID])
        }
        return .refuse(.error(status, message, headers: headers), route: route)
    }

    func countHash() {
        hashRuns.add(1, ordering: .relaxed)
        metrics.increment("synap_admin_password_hashes_total")
    }

    /// Writes an audit record; a failure is logged, never thrown at the client.
    func recordAudit(
        who: String, action: String, selection: AuditSelection = AuditSelection(), count: Int? = nil, outcome: String?,
        via: String?, client: SocketAddress, requestID: String
    ) {
        guard let audit else { return }
        do throws(SystemError) {
            try audit.record(who: who, action: action, selection: selection, count: count, outcome: outcome, via: via, client: client.host, requestID: requestID)
        } catch {
            log.error("cannot write the audit log", ["path": audit.path, "error": error.description, "action": action, "who": who])
        }
    }
}

extension HTTPStatus {
    static let seeOther = HTTPStatus(303, "See Other")
    static let misdirectedRequest = HTTPStatus(421, "Misdirected Request")
    static let tooManyRequests = HTTPStatus(429, "Too Many Requests")
}

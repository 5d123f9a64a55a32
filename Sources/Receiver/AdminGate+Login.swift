import HTTP1
import JSONSyntax

extension AdminGate {
    /// `GET /login`: the form, with a fresh login token in its cookie; a browser already
    /// signed in goes straight to `next`.
    func loginForm(_ request: AdminRequest) -> HTTPResponse {
        let next = LoginPage.safeNext(request.query["next"])
        if request.session != nil {
            return HTTPResponse(status: .seeOther, headers: HTTPHeaders([("Location", next)]))
        }
        let token = SecureRandom.token()
        return LoginPage.form(csrf: token, next: next, headers: HTTPHeaders([("Set-Cookie", AdminCookies.loginToken(token, secure: request.isHTTPS))]))
    }

    /// `POST /login` with `username` and `password` (a form, or JSON for scripts). The gate has
    /// already checked the Origin and, for a form, its token. The attempt is rate-limited per
    /// address and username before the password is hashed; a success starts a new session
    /// (ending any the browser had) and a failure goes to the audit log.
    func login(_ request: AdminRequest) -> HTTPResponse {
        request.audit.recordedByHandler()
        let asForm = request.form != nil
        var username = request.form?["username"] ?? ""
        var password = request.form?["password"] ?? ""
        if !asForm, let json = try? JSONValue(parsing: request.http.body) {
            username = json["username"]?.stringValue ?? ""
            password = json["password"]?.stringValue ?? ""
        }
        let next = LoginPage.safeNext(request.form?["next"])
        let formToken = request.form?["csrf"] ?? ""
        func answer(_ status: HTTPStatus, _ message: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
            asForm
                ? LoginPage.form(csrf: formToken, next: next, username: username, message: message, status: status, headers: headers)
                : .error(status, message, headers: headers)
        }
        guard !username.isEmpty, !password.isEmpty else {
            return answer(.badRequest, "Enter a username and a password.")
        }
        let credentials = settings.credentials
        let limiterName = credentials.user(named: username) == nil ? "\u{0}unknown" : username
        let ticket: LoginRateLimiter.Ticket
        switch limiter.admit(address: request.client.host, username: limiterName) {
        case .refused(let seconds):
            metrics.increment("synap_admin_refusals_total", ["reason": "rate_limited"])
            return answer(.tooManyRequests, "Too many attempts. Try again in \(seconds) s.", headers: HTTPHeaders([("Retry-After", String(seconds))]))
        case .admitted(let admitted):
            ticket = admitted
        }
        guard let principal = credentials.verify(username: username, password: Array(password.utf8), onHash: countHash) else {
            let who = auditName(forAttempted: username, credentials: credentials)
            metrics.increment("synap_admin_refusals_total", ["reason": "bad_credentials"])
            recordAudit(who: who, action: "login.failed", outcome: "403", via: "form", client: request.client, requestID: request.context.requestID)
            log.warning("failed admin login", ["who": who, "client": request.client.host, "requestId": request.context.requestID])
            return answer(.forbidden, "Wrong username or password.")
        }
        limiter.succeeded(ticket)
        if let previous = AdminCookies.sessionID(request.http.head) { sessions.end(id: previous) }  // no session fixation
        let (id, session) = sessions.create(username: principal.name)
        recordAudit(who: principal.name, action: "login", outcome: "ok", via: "form", client: request.client, requestID: request.context.requestID)
        log.info("admin login", ["who": principal.name, "role": principal.role.rawValue, "client": request.client.host])
        var headers = HTTPHeaders([
            ("Set-Cookie", AdminCookies.session(id: id, maxAge: sessions.remainingSeconds(of: session), secure: request.isHTTPS)),
            ("Set-Cookie", AdminCookies.clearedLoginToken(secure: request.isHTTPS)),
        ])
        guard asForm else {
            return .json(.ok, JSONValue.object([
                ("username", .string(principal.name)), ("role", .string(principal.role.rawValue)), ("csrf", .string(session.csrfToken)),
                ("expiresInSeconds", .number(String(sessions.remainingSeconds(of: session)))),
            ]).serialized(), headers: headers)
        }
        headers.add("Location", next)
        return HTTPResponse(status: .seeOther, headers: headers)
    }

    /// `POST /logout`: ends the browser's session and expires its cookie.
    func logout(_ request: AdminRequest) -> HTTPResponse {
        if let id = AdminCookies.sessionID(request.http.head) { sessions.end(id: id) }
        var headers = HTTPHeaders()
        AdminCookies.clearedSessions(secure: request.isHTTPS).forEach { headers.add("Set-Cookie", $0) }
        guard request.form != nil else { return .json(.ok, "{\"status\":\"signed out\"}", headers: headers) }
        headers.add("Location", "/login")
        return HTTPResponse(status: .seeOther, headers: headers)
    }
}

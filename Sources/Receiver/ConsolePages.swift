import Delivery
import HTTP1
import SystemIO

/// The operator console: HTML pages the admin listener renders itself (the overview, events,
/// one event, dead letters, quarantine, learners' export and erasure, the audit log), and the form posts behind their
/// buttons, which call the engine and redirect back (303) with a notice. Pages read the engine
/// directly, as the JSON API (`ConsoleAPI`) does; every post is an operator route that changes
/// state, so `AdminGate` requires the session's CSRF token, an allowed Origin and the role.
enum ConsolePages {
    /// Everything a page needs besides the request: the running receiver and the notices
    /// its actions leave.
    struct Context: Sendable {
        let runtime: LateReference<ReceiverRuntime>
        let notices: ConsoleNotices
    }

    static func routes(runtime: LateReference<ReceiverRuntime>) -> [AdminRoute] {
        let context = Context(runtime: runtime, notices: ConsoleNotices())
        func page(_ render: @escaping @Sendable (ReceiverRuntime, AdminRequest, Context) -> HTTPResponse) -> @Sendable (AdminRequest) -> HTTPResponse {
            { request in
                guard let running = runtime.object else { return unavailable(request) }
                return render(running, request, context)
            }
        }
        /// Actions read the journal and wait for it: off the connection's queue, one at a time.
        func action(_ perform: @escaping @Sendable (ReceiverRuntime, AdminRequest, Context) -> HTTPResponse) -> AdminRoute.Handler {
            { request, completion in
                guard let running = runtime.object else { return completion(unavailable(request)) }
                AdminOperations.queue.async { completion(perform(running, request, context)) }
            }
        }
        var routes = [
            AdminRoute("GET", .exact(ConsoleAssets.scriptPath), name: "script", access: .role(.viewer)) { _ in ConsoleAssets.scriptResponse() },
            AdminRoute("GET", .exact("/"), name: "home", access: .role(.viewer), presentation: .page, respond: page(home)),
            AdminRoute("GET", .exact("/events"), name: "events-page", access: .role(.viewer), presentation: .page, respond: page(eventList)),
            AdminRoute("GET", .prefix("/events/"), name: "event-page", access: .role(.viewer), presentation: .page, respond: page(eventDetail)),
            AdminRoute("POST", .prefix("/events/"), name: "event-page-action", access: .role(.operator), changesState: true, presentation: .page, handler: action(eventAction)),
            AdminRoute("GET", .exact("/audit"), name: "audit-page", access: .role(.viewer), presentation: .page, respond: page(auditLog)),
            AdminRoute("GET", .exact("/learners"), name: "learners-page", access: .role(.viewer), presentation: .page, respond: page(learnerPage)),
            AdminRoute("POST", .exact("/learners/find"), name: "learners-find", access: .role(.operator), changesState: true, presentation: .page, handler: action(learnerFind)),
            AdminRoute("POST", .exact("/learners/erase"), name: "learners-erase", access: .role(.operator), changesState: true, presentation: .page, handler: action(learnerErase)),
            AdminRoute("POST", .exact("/learners/export"), name: "learners-export", access: .role(.operator), changesState: true, presentation: .page, handler: action(learnerExport)),
        ]
        for kind in HeldKind.allCases {
            let base = kind.path
            routes += [
                AdminRoute("GET", .exact(base), name: "\(kind.name)-page", access: .role(.viewer), presentation: .page, respond: page { heldList(kind, $0, $1, $2) }),
                AdminRoute("GET", .exact(base + "/confirm"), name: "\(kind.name)-confirm", access: .role(.operator), presentation: .page, respond: page { heldConfirmation(kind, $0, $1, $2) }),
                AdminRoute("POST", .exact(base + "/replay"), name: "\(kind.name)-page-replay", access: .role(.operator), changesState: true, presentation: .page, handler: action { heldAction(kind, .replay, $0, $1, $2) }),
                AdminRoute("POST", .exact(base + "/resolve"), name: "\(kind.name)-page-resolve", access: .role(.operator), changesState: true, presentation: .page, handler: action { heldAction(kind, .resolve, $0, $1, $2) }),
            ]
        }
        return routes
    }

    // MARK: The frame

    /// The sections in the header, with the path each lives under.
    static let sections: [(title: String, path: String)] = [
        ("Overview", "/"), ("Events", "/events"), ("Dead letters", "/dead-letters"), ("Quarantine", "/quarantine"), ("Learners", "/learners"), ("Audit log", "/audit"),
    ]

    /// A console page: the header (sections, who is signed in, sign out), the notice an action
    /// left, then `body`.
    static func frame(_ request: AdminRequest, _ context: Context, title: String, section: String, body: String, status: HTTPStatus = .ok) -> HTTPResponse {
        let links = sections.map { item in
            let current = item.path == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.title)</a>"
        }.joined()
        var who = ""
        if let principal = request.principal {
            who = "<strong>\(AdminPage.escape(principal.name))</strong> (\(principal.role.rawValue))"
            if let session = request.session {
                who += "<form class=\"inline\" method=\"post\" action=\"/logout\">\(AdminPage.csrfField(session.csrfToken))<button type=\"submit\" class=\"secondary\">Sign out</button></form>"
            }
        }
        var notice = ""
        if let principal = request.principal, let shown = context.notices.notice(request.query["notice"], owner: principal.auditName) {
            notice = "<p class=\"\(shown.isError ? "message error" : "notice")\" role=\"status\">\(AdminPage.escape(shown.text))</p>\n"
        }
        let html = """
            <header class="top"><nav><a class="brand" href="/">synap-webhooks</a>\(links)</nav><div class="who">\(who)</div></header>
            <main class="wide">
            <h1>\(AdminPage.escape(title))</h1>
            \(notice)\(body)
            </main>
            """
        return AdminPage.response(status: status, title: title, body: html, script: ConsoleAssets.scriptPath)
    }

    /// A page that could not be shown: why, in the frame.
    static func problem(_ request: AdminRequest, _ context: Context, status: HTTPStatus, title: String, section: String, message: String) -> HTTPResponse {
        frame(request, context, title: title, section: section, body: "<p class=\"message error\" role=\"alert\">\(AdminPage.escape(message))</p>", status: status)
    }

    static func unavailable(_ request: AdminRequest) -> HTTPResponse {
        AdminPage.response(status: .serviceUnavailable, title: "Stopping", body: "<main><h1>synap-webhooks is stopping</h1><p>Try again in a moment.</p></main>")
    }

    // MARK: Pieces

    /// Whether the page shows the operator's buttons (the routes check again): an operator
    /// with a browser session, whose CSRF token the forms carry. Basic credentials have none.
    static func canAct(_ request: AdminRequest) -> Bool {
        request.principal?.role.permits(.operator) == true && request.session != nil
    }

    /// Why an operator sees no buttons: signed in with Basic credentials, not a session.
    static func actionsHint(_ request: AdminRequest) -> String {
        guard request.principal?.role.permits(.operator) == true, request.session == nil else { return "" }
        return "<p class=\"muted\">Sign in at <a href=\"/login\">/login</a> to replay or resolve here: the buttons need a browser session.</p>\n"
    }

    /// A time in UTC to the second, with the exact instant for the script's local-time tooltip.
    static func time(_ milliseconds: Int64) -> String {
        let iso = WallClock.iso8601(milliseconds: milliseconds)
        let shown = iso.prefix(19).replacingOccurrences(of: "T", with: " ") + "Z"
        return "<time datetime=\"\(iso)\">\(shown)</time>"
    }

    static func time(_ milliseconds: Int64?) -> String {
        milliseconds.map { time($0) } ?? "<span class=\"muted\">-</span>"
    }

    /// A state as a badge (`delivered`, `dead`, ...), optionally prefixed by a handler's name;
    /// `tone` picks the colour of another state (a failing handler looks like a dead letter).
    static func badge(_ state: String, handler: String? = nil, tone: String? = nil) -> String {
        let label = handler.map { "\(AdminPage.escape($0)): \(AdminPage.escape(state))" } ?? AdminPage.escape(state)
        let known = ["delivered", "retrying", "pending", "dead", "quarantined", "resolved", "filtered-out", "expired"]
        let colour = tone ?? state
        return "<span class=\"badge\(known.contains(colour) ? " " + colour : "")\">\(label)</span>"
    }

    /// A query string of the non-empty fields, in order (`?a=1&b=2`, or "" when none).
    static func query(_ fields: [(String, String?)]) -> String {
        let pairs = fields.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : name + "=" + FormFields.encode($0) } }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    /// `path` with the query of `fields`, escaped for an `href`.
    static func href(_ path: String, _ fields: [(String, String?)] = []) -> String {
        AdminPage.escape(path + query(fields))
    }

    /// Hidden fields carrying `fields` into a form.
    static func hiddenFields(_ fields: [(String, String?)]) -> String {
        fields.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : "<input type=\"hidden\" name=\"\(AdminPage.escape(name))\" value=\"\(AdminPage.escape($0))\">" }
        }.joined()
    }

    /// The request's path and query, for a form's `return` field (without an earlier notice).
    static func currentLocation(_ request: AdminRequest) -> String {
        let kept = request.query.pairs.filter { $0.name != "notice" }.map { ($0.name, Optional($0.value)) }
        return request.path + query(kept)
    }

    /// `1 event`, `3 events`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func shortened(_ text: String, _ limit: Int = 160) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

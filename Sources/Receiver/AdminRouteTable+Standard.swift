import HTTP1
import JSONSyntax

extension AdminRouteTable {
    /// Login, logout, the stylesheet and a start page: the routes of the console's frame.
    /// The console's pages replace `/` (`add` replaces a route with the same method and path).
    static func authentication(_ gate: AdminGate) -> [AdminRoute] {
        [
            AdminRoute("GET", .exact("/login"), name: "login-form", access: .anyone, presentation: .page, respond: gate.loginForm),
            AdminRoute("POST", .exact("/login"), name: "login", access: .anyone, presentation: .page, respond: gate.login),
            AdminRoute("GET", .exact("/logout"), name: "logout-form", access: .role(.viewer), presentation: .page) { request in
                LoginPage.logout(principal: request.principal!, session: request.session)
            },
            AdminRoute("POST", .exact("/logout"), name: "logout", access: .role(.viewer), presentation: .page, respond: gate.logout),
            AdminRoute("GET", .exact(AdminPage.stylesheetPath), name: "stylesheet", access: .anyone) { _ in
                HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/css; charset=utf-8")]), body: Array(AdminPage.stylesheet.utf8))
            },
            AdminRoute("GET", .exact("/"), name: "home", access: .role(.viewer), presentation: .page) { request in
                let principal = request.principal!
                let signOut = request.session.map {
                    "<form class=\"inline\" method=\"post\" action=\"/logout\">\(AdminPage.csrfField($0.csrfToken))<button type=\"submit\">Sign out</button></form>"
                } ?? ""
                return AdminPage.response(title: "Admin", body: """
                    <main>
                    <h1>synap-webhooks</h1>
                    <p>Signed in as <strong>\(AdminPage.escape(principal.name))</strong> (\(principal.role.rawValue)). \(signOut)</p>
                    <nav><a href="/admin/status">Status (JSON)</a><a href="/metrics">Metrics</a><a href="/readyz">Readiness</a></nav>
                    </main>
                    """)
            },
        ]
    }

    /// Health, readiness, metrics, status (viewer) and replay (operator): what `status --admin`,
    /// `replay --admin` and Prometheus use.
    static func operations(
        _ operations: OperationsEndpoints, statusJSON: @escaping @Sendable () -> String,
        replay: @escaping @Sendable (ReplaySelection) -> HTTPResponse
    ) -> [AdminRoute] {
        var routes = ["/healthz", "/readyz", "/metrics"].map { path in
            AdminRoute("GET", .exact(path), name: String(path.dropFirst()), access: .role(.viewer)) { request in
                operations.answer(request.http) ?? .error(.notFound, "no admin endpoint \(path)")
            }
        }
        routes.append(AdminRoute("GET", .exact("/admin/status"), name: "status", access: .role(.viewer)) { _ in .json(.ok, statusJSON()) })
        routes.append(AdminRoute("POST", .exact("/admin/replay"), name: "replay", access: .role(.operator)) { request in
            guard request.isJSON, let selection = ReplaySelection(json: request.http.body) else {
                return .error(.badRequest, "body must be a JSON replay selection: {\"source\", \"ids\", \"route\", \"handler\", \"since\", \"until\"}")
            }
            let response = replay(selection)
            let count = (try? JSONValue(parsing: response.body))?["replayed"]?.doubleValue.map { Int($0) }
            request.audit.note(selection: AuditSelection(selection), count: count)
            return response
        })
        return routes
    }
}

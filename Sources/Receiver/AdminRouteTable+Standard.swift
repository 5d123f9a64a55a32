import Delivery
import HTTP1
import JSONSyntax

extension AdminRouteTable {
    /// Login, logout and the stylesheet: the routes of the console's frame. The console's
    /// pages, `/` among them, are `ConsolePages.routes`.
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
        ]
    }

    /// Health, readiness, metrics, status and the held events (viewer); replay and resolve
    /// (operator): what `status --admin`, `replay --admin` and Prometheus use.
    static func operations(_ operations: OperationsEndpoints, runtime: LateReference<ReceiverRuntime>) -> [AdminRoute] {
        var routes = ["/healthz", "/readyz", "/metrics"].map { path in
            AdminRoute("GET", .exact(path), name: String(path.dropFirst()), access: .role(.viewer)) { request in
                operations.answer(request.http) ?? .error(.notFound, "no admin endpoint \(path)")
            }
        }
        routes.append(AdminRoute("GET", .exact("/admin/status"), name: "status", access: .role(.viewer)) { _ in
            guard let running = runtime.object else { return .error(.serviceUnavailable, "stopping") }
            return .json(.ok, StatusReport(runtime: running).json())
        })
        for (path, source) in [("/admin/dead-letters", EventSelection.Source.deadLetters), ("/admin/quarantine", .quarantine)] {
            routes.append(AdminRoute("GET", .exact(path), name: String(path.dropFirst(7)), access: .role(.viewer)) { request in
                guard let running = runtime.object else { return .error(.serviceUnavailable, "stopping") }
                return HeldEventsExport.response(running.engine, source: source, query: request.http.head.query)
            })
        }
        for action in ["replay", "resolve"] {
            routes.append(AdminRoute("POST", .exact("/admin/\(action)"), name: action, access: .role(.operator)) { request, completion in
                guard let running = runtime.object else { return completion(.error(.serviceUnavailable, "stopping")) }
                // Replays read the journal and wait for it: off the connection's queue, one at a time.
                AdminOperations.queue.async { completion(AdminOperations.change(action, request, runtime: running)) }
            })
        }
        return routes
    }
}

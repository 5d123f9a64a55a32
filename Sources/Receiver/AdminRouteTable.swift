/// The admin listener's routes. Add one with `add`; the gate in front of every route enforces
/// its role and, for state-changing routes, the Origin, Content-Type and CSRF rules.
///
///     table.add(AdminRoute("POST", .prefix("/api/events/"), name: "resolve", access: .role(.operator)) { request, done in ... })
struct AdminRouteTable: Sendable {
    private(set) var routes: [AdminRoute] = []

    init(_ routes: [AdminRoute] = []) {
        routes.forEach { add($0) }
    }

    /// Adds `route`, replacing any route with the same method and pattern.
    mutating func add(_ route: AdminRoute) {
        routes.removeAll { $0.method == route.method && $0.pattern == route.pattern }
        routes.append(route)
    }

    /// Removes the route with this method and pattern, if any.
    mutating func remove(_ method: String, _ pattern: AdminRoute.PathPattern) {
        routes.removeAll { $0.method == method && $0.pattern == pattern }
    }

    /// What a request's method and path reach.
    enum Lookup {
        /// The route, and the path after its prefix ("" for an exact route).
        case found(AdminRoute, remainder: String)
        /// The path exists but not with this method; the methods it has, for `Allow`.
        case wrongMethod(allowed: [String])
        case notFound
    }

    /// The most specific pattern matching `path` wins (an exact path, then the longest prefix);
    /// `HEAD` reaches a `GET` route.
    func lookup(method: String, path: String) -> Lookup {
        var best: (specificity: Int, routes: [AdminRoute], remainder: String)?
        for route in routes {
            let specificity: Int
            let remainder: String
            switch route.pattern {
            case .exact(let exact):
                guard path == exact else { continue }
                (specificity, remainder) = (Int.max, "")
            case .prefix(let prefix):
                guard path.hasPrefix(prefix), path.count > prefix.count else { continue }
                (specificity, remainder) = (prefix.count, String(path.dropFirst(prefix.count)))
            }
            if best == nil || specificity > best!.specificity {
                best = (specificity, [route], remainder)
            } else if specificity == best!.specificity {
                best!.routes.append(route)
            }
        }
        guard let best else { return .notFound }
        let wanted = method == "HEAD" ? "GET" : method
        if let route = best.routes.first(where: { $0.method == wanted }) { return .found(route, remainder: best.remainder) }
        var allowed = best.routes.map(\.method)
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .wrongMethod(allowed: allowed)
    }
}

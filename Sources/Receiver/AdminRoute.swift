import HTTP1

/// One endpoint of the admin listener: method, path, who may use it, whether it changes state,
/// and the handler. `AdminGate` enforces everything but the handler before the handler runs.
struct AdminRoute: Sendable {
    /// Which paths the route answers.
    enum PathPattern: Sendable, Hashable, CustomStringConvertible {
        /// Exactly this path (paths arrive normalised: no trailing slash, no empty segments).
        case exact(String)
        /// Every path that starts with this prefix, which ends in `/` (`/events/` answers
        /// `/events/01a2…`); the rest reaches the handler as `AdminRequest.remainder`.
        case prefix(String)

        var description: String {
            switch self {
            case .exact(let path): return path
            case .prefix(let prefix): return prefix + "*"
            }
        }
    }

    /// Who may use the route.
    enum Access: Sendable, Equatable {
        /// Anyone: the login form, its stylesheet. Keep this list short; the gate still checks
        /// Host, Origin, Content-Type and the login form's token.
        case anyone
        /// A verified user, token or session whose role permits this one.
        case role(AdminRole)
    }

    /// How a request without credentials is answered.
    enum Presentation: Sendable, Equatable {
        /// 401 with `WWW-Authenticate` (scripts, the CLI, Prometheus).
        case api
        /// A browser page: a GET without credentials is redirected to `/login`.
        case page
    }

    /// Answers a request that passed the gate, by calling the completion exactly once.
    typealias Handler = @Sendable (AdminRequest, @escaping @Sendable (HTTPResponse) -> Void) -> Void

    /// A short name for metrics and the audit log (`replay`, `status`, `login`).
    let name: String
    /// `GET`, `POST`, ...; a `GET` route also answers `HEAD`.
    let method: String
    let pattern: PathPattern
    let access: Access
    /// Whether the request changes anything. Such requests must be JSON or a form carrying the
    /// CSRF token, from an allowed Origin, and are written to the audit log.
    let changesState: Bool
    let presentation: Presentation
    let handler: Handler

    /// A route; `changesState` defaults to true for every method but GET and HEAD.
    init(
        _ method: String, _ pattern: PathPattern, name: String, access: Access, changesState: Bool? = nil,
        presentation: Presentation = .api, handler: @escaping Handler
    ) {
        precondition(!method.isEmpty && method == method.uppercased(), "admin route methods are upper-case: \(method)")
        if case .prefix(let prefix) = pattern { precondition(prefix.hasPrefix("/") && prefix.hasSuffix("/"), "a prefix starts and ends with /") }
        if case .exact(let path) = pattern { precondition(path.hasPrefix("/"), "an admin path starts with /") }
        self.name = name
        self.method = method
        self.pattern = pattern
        self.access = access
        self.changesState = changesState ?? !AdminRoute.safeMethods.contains(method)
        self.presentation = presentation
        self.handler = handler
    }

    /// A route whose handler answers at once.
    init(
        _ method: String, _ pattern: PathPattern, name: String, access: Access, changesState: Bool? = nil,
        presentation: Presentation = .api, respond: @escaping @Sendable (AdminRequest) -> HTTPResponse
    ) {
        self.init(method, pattern, name: name, access: access, changesState: changesState, presentation: presentation) { request, completion in
            completion(respond(request))
        }
    }

    /// Methods that must not change anything (RFC 9110 §9.2.1).
    static let safeMethods: Set<String> = ["GET", "HEAD"]

    /// The role the route requires, nil when anyone may use it.
    var requiredRole: AdminRole? {
        if case .role(let role) = access { return role }
        return nil
    }

    /// A path this route answers, for tests that walk the table: the path itself, or the prefix
    /// followed by `example`.
    var examplePath: String {
        switch pattern {
        case .exact(let path): return path
        case .prefix(let prefix): return prefix + "example"
        }
    }

    /// The same route with another handler (tests record calls this way).
    func replacingHandler(_ handler: @escaping Handler) -> AdminRoute {
        AdminRoute(method, pattern, name: name, access: access, changesState: changesState, presentation: presentation, handler: handler)
    }
}

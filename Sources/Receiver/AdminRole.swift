/// What an administrator may do on the admin listener. Ordered: each role may do everything
/// the roles before it may.
enum AdminRole: String, Sendable, CaseIterable, Comparable {
    /// Reads: status, metrics, health, events, the audit log.
    case viewer
    /// Also changes things: replays, resolves dead letters and quarantined events, erases.
    case `operator`

    static func < (a: AdminRole, b: AdminRole) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// True when this role may use a route that requires `required`.
    func permits(_ required: AdminRole) -> Bool { self >= required }
}

/// Who made an admin request, once verified.
struct AdminPrincipal: Sendable, Equatable {
    /// How the request proved who it is.
    enum Method: String, Sendable {
        case basic, bearer, session
    }

    /// A user's username, or a token's name.
    let name: String
    let role: AdminRole
    let method: Method

    /// How the audit log names it: `ada`, or `token:deploy-bot`.
    var auditName: String { method == .bearer ? "token:\(name)" : name }
}

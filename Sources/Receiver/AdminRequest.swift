import HTTP1
import SystemIO

/// A request that passed the admin gate, as a route's handler sees it.
struct AdminRequest: Sendable {
    let http: HTTPRequest
    let context: HTTPRequestContext
    let route: AdminRoute
    /// The path after the route's prefix; empty for an exact route.
    let remainder: String
    /// Who is asking; nil only on an `anyone` route asked without credentials.
    let principal: AdminPrincipal?
    /// The browser session, when the request came with one: its `csrfToken` goes into every form
    /// a page renders (`<input type="hidden" name="csrf" value="…">`).
    let session: AdminSession?
    /// The client, through trusted proxies.
    let client: SocketAddress
    /// Whether the browser reached the listener over HTTPS (`admin.tls`, or a trusted proxy said so).
    let isHTTPS: Bool
    /// The decoded body of an `application/x-www-form-urlencoded` request, nil otherwise.
    let form: FormFields?
    /// What the handler tells the audit log about this request (see `AdminAuditNote`).
    let audit: AdminAuditNote

    var method: String { http.head.method }
    var path: String { http.head.path }
    /// The query string's fields.
    var query: FormFields { FormFields(urlEncoded: Array((http.head.query ?? "").utf8)) ?? FormFields() }
    /// True when the body is JSON (the other kind a state-changing request may carry).
    var isJSON: Bool { AdminGate.mediaType(http.head) == "application/json" }
}

import HTTP1

/// Headers on every answer of the admin listener: nothing is cached (the answers hold learner
/// data and session state), nothing is sniffed or framed, no Referer leaves the console, and
/// HTML runs only the console's own scripts and styles.
enum AdminSecurityHeaders {
    /// For HTML pages: only the console's own files; no inline script or style, no plugins,
    /// forms post back to the console only, no framing, no `<base>`.
    static let pagePolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    /// For everything else (JSON, metrics): nothing may load or run, were it ever rendered.
    static let dataPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    static func apply(to response: inout HTTPResponse) {
        let isHTML = response.headers["content-type"]?.lowercased().hasPrefix("text/html") == true
        let defaults: [(String, String)] = [
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Content-Security-Policy", isHTML ? pagePolicy : dataPolicy),
        ]
        for (name, value) in defaults where response.headers[name] == nil {
            response.headers.add(name, value)
        }
    }
}

import HTTP1

/// The admin listener's cookies: the session (HttpOnly, SameSite=Strict, Path=/, Max-Age, and
/// Secure over HTTPS, where it also takes the `__Host-` prefix so no subdomain can set or
/// shadow it) and the login form's CSRF token (the same, on Path=/login).
enum AdminCookies {
    static let sessionName = "synap-admin"
    static let secureSessionName = "__Host-synap-admin"
    static let loginTokenName = "synap-admin-login"
    /// How long a login form stays usable.
    static let loginTokenSeconds = 3600

    /// The `Cookie` header's pairs; the first of a repeated name wins.
    static func values(_ head: HTTPRequestHead) -> [String: String] {
        var result: [String: String] = [:]
        for header in head.headers.values("cookie") {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingWhitespace()
                var value = pair[pair.index(after: equals)...].trimmingWhitespace()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                if result[name] == nil { result[name] = value }
            }
        }
        return result
    }

    /// The session id the request carries, if any.
    static func sessionID(_ head: HTTPRequestHead) -> String? {
        let cookies = values(head)
        return cookies[secureSessionName] ?? cookies[sessionName]
    }

    static func session(id: String, maxAge: Int, secure: Bool) -> String {
        "\(secure ? secureSessionName : sessionName)=\(id); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    /// Expires both session cookie names.
    static func clearedSessions(secure: Bool) -> [String] {
        [sessionName, secureSessionName].map { name in
            let needsSecure = secure || name == secureSessionName
            return "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict\(needsSecure ? "; Secure" : "")"
        }
    }

    static func loginToken(_ token: String, secure: Bool) -> String {
        "\(loginTokenName)=\(token); Path=/login; Max-Age=\(loginTokenSeconds); HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    static func clearedLoginToken(secure: Bool) -> String {
        "\(loginTokenName)=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }
}

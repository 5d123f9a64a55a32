import HTTP1

/// The login form (`GET /login`) and the logout confirmation (`GET /logout`). The login form's
/// `csrf` field repeats the token of its cookie (double submit), so another site cannot post
/// a login of its choosing (login CSRF), even from a browser that sends no Origin.
enum LoginPage {
    static func form(csrf: String, next: String, username: String = "", message: String? = nil, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        let notice = message.map { "<p class=\"message\" role=\"alert\">\(AdminPage.escape($0))</p>\n" } ?? ""
        let body = """
            <main class="narrow">
            <h1>synap-webhooks</h1>
            \(notice)<form method="post" action="/login">
            \(AdminPage.csrfField(csrf))
            <input type="hidden" name="next" value="\(AdminPage.escape(next))">
            <label>Username <input name="username" value="\(AdminPage.escape(username))" autocomplete="username" autocapitalize="none" spellcheck="false" required\(username.isEmpty ? " autofocus" : "")></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required\(username.isEmpty ? "" : " autofocus")></label>
            <button type="submit">Sign in</button>
            </form>
            </main>
            """
        return AdminPage.response(status: status, title: "Sign in", body: body, headers: headers)
    }

    static func logout(principal: AdminPrincipal, session: AdminSession?) -> HTTPResponse {
        let action: String
        if let session {
            action = """
                <form method="post" action="/logout">\(AdminPage.csrfField(session.csrfToken))<button type="submit">Sign out</button></form>
                """
        } else {
            action = "<p class=\"muted\">You are signed in with Basic credentials, which your browser keeps until it is closed.</p>"
        }
        let body = """
            <main class="narrow">
            <h1>Sign out</h1>
            <p>Signed in as <strong>\(AdminPage.escape(principal.name))</strong> (\(principal.role.rawValue)).</p>
            \(action)
            </main>
            """
        return AdminPage.response(title: "Sign out", body: body)
    }

    /// Where to go after login: a path on this listener, never another site (`//evil.example`
    /// and `/\\evil.example` are other sites to a browser).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.utf8.count <= 2048,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return "/" }
        return next
    }
}

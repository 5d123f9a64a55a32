import HTTP1

/// The frame of every console page (no inline script or style: the Content-Security-Policy
/// allows neither), and HTML escaping.
enum AdminPage {
    /// A complete page; `body` is trusted HTML (escape every value put in it with `escape`);
    /// `script`, a path on this listener, is loaded deferred (the console's pages).
    static func response(status: HTTPStatus = .ok, title: String, body: String, headers: HTTPHeaders = HTTPHeaders(), script: String? = nil) -> HTTPResponse {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · synap-webhooks</title>
            <link rel="stylesheet" href="\(stylesheetPath)">
            \(script.map { "<script src=\"\(escape($0))\" defer></script>" } ?? "")
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
        var all = headers
        all.add("Content-Type", "text/html; charset=utf-8")
        return HTTPResponse(status: status, headers: all, body: Array(html.utf8))
    }

    /// A hidden `csrf` field with the session's token, for every form a page renders.
    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    /// Text safe in HTML content and in double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let stylesheetPath = "/assets/admin.css"

    /// The console's stylesheet (served from `stylesheetPath`, as the policy allows no inline style).
    static let stylesheet = """
        :root { color-scheme: light dark; --accent: #2b5fb4; --muted: #6b7280; --danger: #b42b2b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        main { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
        main.narrow { max-width: 24rem; margin-top: 10vh; }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        label { display: block; margin: 0 0 .8rem; }
        input[type=text], input[type=password], input:not([type]) { display: block; width: 100%; padding: .45rem .5rem; margin-top: .2rem; font: inherit; }
        button { font: inherit; padding: .45rem 1rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
        .message { padding: .5rem .7rem; border-left: 3px solid var(--danger); margin: 0 0 1rem; }
        .muted { color: var(--muted); }
        form.inline { display: inline; }
        nav a { margin-right: 1rem; }

        """ + ConsoleAssets.stylesheet
}

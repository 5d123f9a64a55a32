/// A response to send: status, extra headers and body. `Date`, `Content-Length` and
/// `Connection` are added when it is serialised.
public struct HTTPResponse: Sendable {
    /// The status line's code and reason.
    public var status: HTTPStatus
    /// Headers besides the ones added at serialisation.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]
    /// Close the connection after this response (framing lost, or the server is stopping).
    public var closeConnection: Bool

    /// A response from its parts.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    /// A JSON response; `json` must already be a serialised JSON text.
    public static func json(_ status: HTTPStatus, _ json: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var all = headers
        all.add("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: all, body: Array(json.utf8))
    }

    /// The project's error shape: `{"error": "...", "status": N}`.
    public static func error(
        _ status: HTTPStatus, _ message: String, headers: HTTPHeaders = HTTPHeaders(), closeConnection: Bool = false
    ) -> HTTPResponse {
        var response = json(status, "{\"error\":\(jsonQuoted(message)),\"status\":\(status.code)}", headers: headers)
        response.closeConnection = closeConnection
        return response
    }

    /// The answer to a parse error: its status, its message, and `Connection: close`.
    public static func error(_ parseError: HTTPParseError) -> HTTPResponse {
        error(parseError.status, parseError.message, closeConnection: true)
    }

    /// `text` as a JSON string literal, quotes included.
    public static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Why a request could not be parsed, and the one status that answers it. After any parse
/// error the connection's framing is lost, so the answer closes the connection.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with (400, 411, 413, 414, 417, 431, 501 or 505).
    public let status: HTTPStatus
    /// A short explanation for the client, e.g. `"header name contains an invalid character"`.
    public let message: String

    init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }

    static func bad(_ message: String) -> HTTPParseError { HTTPParseError(.badRequest, message) }
}

import JSONSyntax

/// An event set aside with the reason: a dead letter (a handler gave up) or a quarantined
/// payload (it did not fit its model). Stored as one JSON line, the body as a JSON string so
/// its bytes come back exactly.
public struct ArchivedEvent: Sendable, Equatable {
    public let id: EventID
    public let receivedAt: Int64
    public let route: String
    public let kind: String
    /// The handler that gave up; nil for quarantined payloads.
    public let handler: String?
    /// Attempts made before giving up (0 for quarantined payloads).
    public let attempts: Int
    /// The last error, or the decoding error (`field path: reason`).
    public let error: String
    /// When it was archived, milliseconds since the epoch.
    public let archivedAt: Int64
    public let requestID: String
    public let body: [UInt8]

    /// An archived event from its parts.
    public init(
        id: EventID, receivedAt: Int64, route: String, kind: String, handler: String?, attempts: Int, error: String,
        archivedAt: Int64, requestID: String, body: [UInt8]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.route = route
        self.kind = kind
        self.handler = handler
        self.attempts = attempts
        self.error = error
        self.archivedAt = archivedAt
        self.requestID = requestID
        self.body = body
    }

    /// The JSON line (without its newline).
    func jsonLine() -> String {
        var members: [(String, JSONValue)] = [
            ("id", .string(id.description)),
            ("receivedAt", .number(String(receivedAt))),
            ("route", .string(route)),
            ("kind", .string(kind)),
        ]
        if let handler { members.append(("handler", .string(handler))) }
        members += [
            ("attempts", .number(String(attempts))),
            ("error", .string(error)),
            ("archivedAt", .number(String(archivedAt))),
            ("requestId", .string(requestID)),
            ("body", .string(String(decoding: body, as: UTF8.self))),
        ]
        return JSONValue.object(members).serialized()
    }

    /// Reads one line written by `jsonLine`; nil when it is not one.
    init?(jsonLine bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes),
              let id = value["id"]?.stringValue.flatMap(EventID.init),
              let received = value["receivedAt"]?.doubleValue,
              let route = value["route"]?.stringValue, let kind = value["kind"]?.stringValue,
              let error = value["error"]?.stringValue, let body = value["body"]?.stringValue
        else { return nil }
        self.init(
            id: id, receivedAt: Int64(received), route: route, kind: kind, handler: value["handler"]?.stringValue,
            attempts: Int(value["attempts"]?.doubleValue ?? 0), error: error,
            archivedAt: Int64(value["archivedAt"]?.doubleValue ?? 0), requestID: value["requestId"]?.stringValue ?? "",
            body: Array(body.utf8))
    }
}

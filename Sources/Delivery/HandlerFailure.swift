/// A handler's failure, with what the delivery engine should do about it.
public struct HandlerFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for the log and the event's timeline.
    public let message: String
    /// False for failures a retry cannot fix (a 4xx from a downstream service, an event no
    /// program environment can hold).
    public let retryable: Bool
    /// The earliest retry the other side asked for (`Retry-After`), in seconds.
    public let retryAfter: Double?
    /// The HTTP status the other side answered, when there was one.
    public let statusCode: Int?

    /// A failure from its parts.
    public init(_ message: String, retryable: Bool = true, retryAfter: Double? = nil, statusCode: Int? = nil) {
        self.message = message
        self.retryable = retryable
        self.retryAfter = retryAfter
        self.statusCode = statusCode
    }

    public var description: String { message }
}

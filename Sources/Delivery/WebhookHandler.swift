/// Something that does a job with each event: log it, store it, forward it, run a script.
///
/// `handle` returns when the job is done; throwing means it failed. A `HandlerFailure` says
/// whether a retry can help; any other error is retried.
public protocol WebhookHandler: Sendable {
    /// The name the configuration gives it.
    var name: String { get }
    /// Does the job for one event.
    func handle(_ delivery: Delivery) async throws
}

/// A handler's failure, with what the delivery engine should do about it.
public struct HandlerFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for the log and the dead letters.
    public let message: String
    /// False for failures a retry cannot fix (a 4xx from a downstream service).
    public let retryable: Bool
    /// The earliest retry the other side asked for (`Retry-After`), in seconds.
    public let retryAfter: Double?

    /// A failure from its parts.
    public init(_ message: String, retryable: Bool = true, retryAfter: Double? = nil) {
        self.message = message
        self.retryable = retryable
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}

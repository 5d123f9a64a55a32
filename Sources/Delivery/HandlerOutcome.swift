/// How one try of a handler ended.
public enum HandlerOutcome: Sendable, Equatable {
    /// The job is done; `detail` says how, for the event's timeline (`HTTP 204`).
    case delivered(detail: String? = nil)
    /// The handler found it already had this event (a file sink finding the id in its file
    /// after a crash): done, without doing it twice.
    case alreadyDelivered
    /// It failed; the failure says whether a retry can help.
    case failed(HandlerFailure)
}

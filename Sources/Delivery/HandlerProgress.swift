/// One event's state with one handler: the authoritative record that `status`, metrics,
/// replay, readiness and the admin API read.
public struct HandlerProgress: Sendable, Equatable {
    /// The handler's name.
    public let handler: String
    public internal(set) var status: DeliveryStatus
    /// Tries made so far (they continue across restarts and replays).
    public internal(set) var attempts: Int
    /// When the next try is due (retrying), ms since the epoch.
    public internal(set) var nextAt: Int64?
    /// The last failure (or, when dead, why it was given up on; when resolved, the note).
    public internal(set) var lastError: String?
    /// The status code of the last failure, when it had one.
    public internal(set) var lastStatusCode: Int?
    /// The retry limits count from here: the tries made before the last replay, and its time
    /// (the receipt time until the first replay).
    public internal(set) var budgetAttempts: Int
    public internal(set) var budgetSince: Int64
    /// When the status last changed, ms since the epoch.
    public internal(set) var changedAt: Int64
    /// The sequence of the change that set this state.
    public internal(set) var sequence: UInt64

    init(handler: String, receivedAt: Int64) {
        self.handler = handler
        status = .pending
        attempts = 0
        budgetAttempts = 0
        budgetSince = receivedAt
        changedAt = receivedAt
        sequence = 0
    }

    /// Applies `transition` (which is for this handler) if it is newer; true when it did.
    mutating func apply(_ transition: Transition) -> Bool {
        // Sequence 0 marks a change written by an earlier version: those come in journal order.
        guard let next = transition.status, transition.sequence > sequence || transition.sequence == 0 else { return false }
        status = next
        sequence = transition.sequence
        if transition.at > 0 { changedAt = transition.at }
        switch transition.change {
        case .pending:
            // A replay: a fresh retry budget, the attempt count going on.
            nextAt = nil
            budgetAttempts = attempts
            budgetSince = transition.at
        case .retrying(let attempt, let next, let error, let code):
            attempts = max(attempts, attempt)
            nextAt = next
            lastError = error
            lastStatusCode = code
        case .delivered(let attempt, _):
            attempts = max(attempts, attempt)
            nextAt = nil
            lastError = nil
            lastStatusCode = nil
        case .dead(let attempt, let reason, let code):
            attempts = max(attempts, attempt)
            nextAt = nil
            lastError = reason
            lastStatusCode = code
        case .resolved(let note):
            nextAt = nil
            lastError = note
        case .filteredOut, .expired:
            nextAt = nil
        case .restated(let whole):
            attempts = whole.attempts
            nextAt = whole.nextAt
            lastError = whole.lastError
            lastStatusCode = whole.lastStatusCode
            budgetAttempts = whole.budgetAttempts
            budgetSince = whole.budgetSince
        case .quarantined, .released, .duplicate:
            return false
        }
        return true
    }
}

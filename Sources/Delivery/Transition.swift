/// One change of an event's delivery state, as the journal records it. Changes are set, not
/// added: applying one again (a checkpoint taken after it, then the journal read on from an
/// earlier position) changes nothing, because each carries a sequence number and only a newer
/// one wins.
public struct Transition: Sendable, Equatable {
    /// What changed.
    public enum Change: Sendable, Equatable {
        // Per handler:
        /// Back in line (a replay), with who or why.
        case pending(note: String)
        /// Try `attempt` failed; the next is due at `nextAt` (ms since the epoch).
        case retrying(attempt: Int, nextAt: Int64, error: String, statusCode: Int?)
        /// Try `attempt` succeeded; `detail` says how (`HTTP 204`).
        case delivered(attempt: Int, detail: String)
        /// A route filter kept it from this handler.
        case filteredOut
        /// Given up after `attempt` tries.
        case dead(attempt: Int, reason: String, statusCode: Int?)
        /// Marked handled without delivering, with the operator's note.
        case resolved(note: String)
        /// The dead letter's retention ended.
        case expired
        /// The whole state restated, when an event is carried forward out of a segment about to
        /// be deleted (with its older changes).
        case restated(HandlerProgress)
        // Per event:
        /// The body did not fit its model (or named another event): kept aside with the reason.
        case quarantined(reason: String)
        /// Out of the quarantine: it decoded on a replay, or an operator resolved or expired it.
        case released(note: String)
        /// A copy of an earlier event's body, found to be one after it was acknowledged (a
        /// re-send that arrived while the journal was still being read at start-up).
        case duplicate(of: EventID)
    }

    /// The event.
    public let id: EventID
    /// The handler, or nil for a change of the whole event (quarantine).
    public let handler: String?
    /// Orders changes: a change applies only over an older one.
    public let sequence: UInt64
    /// When it happened, ms since the epoch.
    public let at: Int64
    public let change: Change

    public init(id: EventID, handler: String?, sequence: UInt64, at: Int64, change: Change) {
        self.id = id
        self.handler = handler
        self.sequence = sequence
        self.at = at
        self.change = change
    }

    /// The handler status this change leads to (nil for changes of the whole event).
    public var status: DeliveryStatus? {
        switch change {
        case .pending: return .pending
        case .retrying: return .retrying
        case .delivered: return .delivered
        case .filteredOut: return .filteredOut
        case .dead: return .dead
        case .resolved: return .resolved
        case .expired: return .expired
        case .restated(let progress): return progress.status
        case .quarantined, .released, .duplicate: return nil
        }
    }
}

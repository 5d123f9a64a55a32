/// Where one event stands with one handler. The journal records every change (a `Transition`),
/// so the state survives restarts: attempt counters continue, dead stays dead, delivered
/// stays delivered.
public enum DeliveryStatus: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Waiting its turn (also after a replay).
    case pending = 1
    /// A try failed; the next one is scheduled.
    case retrying = 2
    /// Done.
    case delivered = 3
    /// A filter of the route said this handler does not want it.
    case filteredOut = 4
    /// Given up on: a dead letter, kept with its reason until replayed, resolved or expired.
    case dead = 5
    /// An operator marked the dead letter handled without delivering it.
    case resolved = 6
    /// A dead letter whose retention ended.
    case expired = 7

    /// True when nothing more will happen for this handler unless an operator asks.
    public var isFinal: Bool {
        switch self {
        case .delivered, .filteredOut, .resolved, .expired: return true
        case .pending, .retrying, .dead: return false
        }
    }

    /// Still on its way to the handler (counts toward its backlog).
    public var isUnfinished: Bool { self == .pending || self == .retrying }

    public var description: String {
        switch self {
        case .pending: return "pending"
        case .retrying: return "retrying"
        case .delivered: return "delivered"
        case .filteredOut: return "filtered-out"
        case .dead: return "dead"
        case .resolved: return "resolved"
        case .expired: return "expired"
        }
    }
}

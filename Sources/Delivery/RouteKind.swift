import SynapEvents

/// What a route receives: one named event, or any event, told apart by `meta.eventName` or
/// the payload's shape.
public enum RouteKind: Sendable, Equatable, CustomStringConvertible {
    case fixed(EventKind)
    case auto

    /// As the journal and the configuration spell it: an event code, or `auto`.
    public var code: String {
        switch self {
        case .fixed(let kind): return kind.rawValue
        case .auto: return "auto"
        }
    }

    /// From its spelling; nil for an unknown code.
    public init?(code: String) {
        if code == "auto" {
            self = .auto
        } else if let kind = EventKind(code: code) {
            self = .fixed(kind)
        } else {
            return nil
        }
    }

    public var description: String { code }
}

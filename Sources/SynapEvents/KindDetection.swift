/// The result of `EventKindDetector.detect(_:)`: the kind guessed and how.
public struct KindDetection: Sendable, Equatable {
    /// The kind detected.
    public let kind: EventKind
    /// The rule that decided it.
    public let rule: Rule

    /// How a kind was detected.
    public enum Rule: String, Sendable {
        /// The body's `meta.eventName` named a known kind: reliable.
        case metaEventName = "meta.eventName"
        /// The body's shape matched a heuristic: fragile (see `EventKindDetector`).
        case payloadShape = "payload shape"
    }

    /// Creates a detection result.
    public init(kind: EventKind, rule: Rule) {
        self.kind = kind
        self.rule = rule
    }
}

/// What every event model has: its kind and a summary of its key facts.
public protocol SynapEventPayload: Codable, Sendable, Equatable {
    /// The kind this model is for.
    static var kind: EventKind { get }
    /// The event's key facts.
    var summary: EventSummary { get }
}

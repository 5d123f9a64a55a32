/// `attempt.state.deferred`: whether the results are locked (held back).
public struct DeferredState: Sendable, Equatable, Codable {
    /// Whether the results are locked.
    public let locked: Bool?
}

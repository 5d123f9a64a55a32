/// An overridden value in attemptOverride.created (`credits`, `penalties`, `score`, `points`).
public struct ValueChange: Sendable, Equatable, Codable {
    /// The value before the override.
    public let oldValue: Double?
    /// The value after the override.
    public let newValue: Double?
    /// Whether the new value is the original one (that is, the override was reverted).
    public let isOriginal: Bool?
}

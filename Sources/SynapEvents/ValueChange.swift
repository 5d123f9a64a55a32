import JSONSyntax

/// An overridden value in attemptOverride.created (`credits`, `penalties`, `score`, `points`).
public struct ValueChange: Sendable, Equatable, Codable {
    /// The value before the override.
    public let oldValue: Double?
    /// The value after the override.
    public let newValue: Double?
    /// Whether the new value is the original one (that is, the override was reverted).
    public let isOriginal: Bool?
}

extension ValueChange: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        oldValue = try object.optional("oldValue")
        newValue = try object.optional("newValue")
        isOriginal = try object.optional("isOriginal")
    }
}

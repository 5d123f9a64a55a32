import JSONSyntax

/// `attempt.state.deferred`: whether the results are locked (held back).
public struct DeferredState: Sendable, Equatable, Codable {
    /// Whether the results are locked.
    public let locked: Bool?
}

extension DeferredState: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        locked = try object.optional("locked")
    }
}

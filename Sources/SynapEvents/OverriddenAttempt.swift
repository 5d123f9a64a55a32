import JSONSyntax

/// The `attempt` block of attemptOverride.created: the attempt whose results changed, and its
/// candidate.
public struct OverriddenAttempt: Sendable, Equatable, Codable {
    /// The attempt's id. Required: it is what the override is about.
    public let id: String
    /// The candidate who made the attempt ([INFERENCE] the top-level `user` is whoever overrode it).
    public let user: SynapUser?
}

extension OverriddenAttempt: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.required("id")
        user = try object.optional("user")
    }
}

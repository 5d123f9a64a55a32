/// Why a webhook body did not fit its event's model: where, and what was wrong.
///
/// An event that fails to decode is drift (Synap changed the payload) or a body sent to the wrong
/// route; the receiver keeps it (quarantine) and reports this error.
public struct EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the offending field, with `[n]` for array elements, e.g.
    /// "attempt.state.timeStarted" or "moderators[1].objectId"; "" for the body itself.
    public let fieldPath: String
    /// What was wrong: "missing required field", "expected a number, found a string",
    /// "not valid JSON", ...
    public let reason: String

    /// Creates an error.
    public init(fieldPath: String, reason: String) {
        self.fieldPath = fieldPath
        self.reason = reason
    }

    /// "attempt.id: missing required field", or "(root): not valid JSON".
    public var description: String {
        "\(fieldPath.isEmpty ? "(root)" : fieldPath): \(reason)"
    }
}

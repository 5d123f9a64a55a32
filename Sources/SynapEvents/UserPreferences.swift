import JSONSyntax

/// Synap's `UserPreferences`, referenced but never defined (synap-events.md §2.2); user.updated's
/// `previousValues.preferences` shows `{ locale }`. Other keys are ignored.
public struct UserPreferences: Sendable, Equatable, Codable {
    /// The user's locale, e.g. "en-GB".
    public let locale: String?
}

extension UserPreferences: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        locale = try object.optional("locale")
    }
}

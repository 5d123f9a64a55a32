import JSONSyntax

/// Synap's `PreviousValues` (user.registered, user.updated): the user's details before the change.
/// Never defined for user.registered; user.updated shows `{ name, email, preferences,
/// customAttributes }`. Whether it holds every field or only the changed ones is undocumented, so
/// every member is optional.
public struct PreviousValues: Sendable, Equatable, Codable {
    /// The previous name.
    public let name: String?
    /// The previous email address.
    public let email: String?
    /// The previous preferences.
    public let preferences: UserPreferences?
    /// The previous custom attributes.
    public let customAttributes: [String: AttributeValue]?

    /// Whether no previous value is present (as a registration's `previousValues` presumably is).
    public var isEmpty: Bool {
        name == nil && email == nil && preferences == nil && (customAttributes?.isEmpty ?? true)
    }
}

extension PreviousValues: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        name = try object.optional("name")
        email = try object.optional("email")
        preferences = try object.optional("preferences")
        customAttributes = try object.optional("customAttributes")
    }
}

import JSONSyntax

/// `user.registered`: a new user account was created (synap-events.md §3.9).
///
/// The user's fields are at the top level; there is no `meta` and no `portal`. Required:
/// `objectId` (or `id`) and `email`. `previousValues` is typed as required but is odd on a
/// registration (§7.10), and its type is undefined, so it is optional.
public struct UserRegistered: SynapEventPayload {
    /// `user.registered`.
    public static let kind = EventKind.userRegistered
    /// The user's name.
    public let name: String?
    /// The user's email address. Required.
    public let email: String
    /// The user's id. Required.
    public let objectId: String
    /// The user's sub-portal.
    public let subPortalId: String?
    /// Ids of the user's groups.
    public let usergroups: [String]?
    /// When the user registered.
    public let timeRegistered: SynapTimestamp?
    /// The portal's custom user attributes.
    public let customAttributes: [String: AttributeValue]?
    /// The user's preferences (`UserPreferences`, undefined by Synap).
    public let preferences: UserPreferences?
    /// `PreviousValues` (undefined by Synap; presumably empty on registration).
    public let previousValues: PreviousValues?

    enum CodingKeys: String, CodingKey {
        case name, email, objectId, subPortalId, usergroups, timeRegistered, customAttributes, preferences
        case previousValues
    }

    /// Decodes the payload, reading the user's id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        objectId = try decoder.identifier("objectId", or: "id")
        subPortalId = try container.decodeIfPresent(String.self, forKey: .subPortalId)
        usergroups = try container.decodeIfPresent([String].self, forKey: .usergroups)
        timeRegistered = try container.decodeIfPresent(SynapTimestamp.self, forKey: .timeRegistered)
        customAttributes = try container.decodeIfPresent([String: AttributeValue].self, forKey: .customAttributes)
        preferences = try container.decodeIfPresent(UserPreferences.self, forKey: .preferences)
        previousValues = try container.decodeIfPresent(PreviousValues.self, forKey: .previousValues)
    }

    /// The new user; time from `timeRegistered`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, userId: objectId, userEmail: email, userName: name, occurredAt: timeRegistered?.raw)
    }
}

extension UserRegistered: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        name = try object.optional("name")
        email = try object.required("email")
        objectId = try object.identifier("objectId", or: "id")
        subPortalId = try object.optional("subPortalId")
        usergroups = try object.optional("usergroups")
        timeRegistered = try object.optional("timeRegistered")
        customAttributes = try object.optional("customAttributes")
        preferences = try object.optional("preferences")
        previousValues = try object.optional("previousValues")
    }
}

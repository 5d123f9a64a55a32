import JSONSyntax

/// `user.updated`: a user's account details were updated (synap-events.md §3.10).
///
/// The user's fields are at the top level; there is no `meta` and no `portal`. Required:
/// `objectId` (or `id`) and `email`. Whether `previousValues` lists every field or only the changed
/// ones is undocumented, so it and its members are optional.
public struct UserUpdated: SynapEventPayload {
    /// `user.updated`.
    public static let kind = EventKind.userUpdated
    /// The user's id. Required.
    public let objectId: String
    /// The user's (new) name.
    public let name: String?
    /// The user's (new) email address. Required.
    public let email: String
    /// When the user registered (not when the update happened).
    public let timeRegistered: SynapTimestamp?
    /// Ids of the user's groups.
    public let usergroups: [String]?
    /// The portal's custom user attributes (new values).
    public let customAttributes: [String: AttributeValue]?
    /// The values before the update.
    public let previousValues: PreviousValues?

    enum CodingKeys: String, CodingKey {
        case objectId, name, email, timeRegistered, usergroups, customAttributes, previousValues
    }

    /// Decodes the payload, reading the user's id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objectId = try decoder.identifier("objectId", or: "id")
        name = try container.decodeIfPresent(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        timeRegistered = try container.decodeIfPresent(SynapTimestamp.self, forKey: .timeRegistered)
        usergroups = try container.decodeIfPresent([String].self, forKey: .usergroups)
        customAttributes = try container.decodeIfPresent([String: AttributeValue].self, forKey: .customAttributes)
        previousValues = try container.decodeIfPresent(PreviousValues.self, forKey: .previousValues)
    }

    /// The updated user. `occurredAt` stays nil: the payload has no time of the update, and
    /// `timeRegistered` is when the account was created.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, userId: objectId, userEmail: email, userName: name)
    }
}

extension UserUpdated: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        objectId = try object.identifier("objectId", or: "id")
        name = try object.optional("name")
        email = try object.required("email")
        timeRegistered = try object.optional("timeRegistered")
        usergroups = try object.optional("usergroups")
        customAttributes = try object.optional("customAttributes")
        previousValues = try object.optional("previousValues")
    }
}

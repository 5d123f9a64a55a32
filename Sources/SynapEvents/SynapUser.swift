import JSONSyntax

/// A `user` block (also `planter` in flag.planted and `attempt.user` in attemptOverride.created).
///
/// Required: `id` and `email`, the two fields every handler keys on. `name` is optional, and so is
/// `customAttributes`, which Store Purchase omits. `subPortalId` appears in Exam Results Released
/// and the learning-record example.
public struct SynapUser: Sendable, Equatable, Codable {
    /// The user's id (`id`, or `objectId` should a payload use that). Required.
    public let id: String
    /// The user's display name.
    public let name: String?
    /// The user's email address. Required.
    public let email: String
    /// The sub-portal the user belongs to, where sent.
    public let subPortalId: String?
    /// The portal's custom user attributes; keys are portal-specific.
    public let customAttributes: [String: AttributeValue]?

    enum CodingKeys: String, CodingKey {
        case id, name, email, subPortalId, customAttributes
    }

    /// Creates a user block.
    public init(
        id: String, name: String?, email: String, subPortalId: String? = nil,
        customAttributes: [String: AttributeValue]? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.subPortalId = subPortalId
        self.customAttributes = customAttributes
    }

    /// Decodes the block, reading the id from `id` or `objectId`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try decoder.identifier("id", or: "objectId")
        name = try container.decodeIfPresent(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        subPortalId = try container.decodeIfPresent(String.self, forKey: .subPortalId)
        customAttributes = try container.decodeIfPresent([String: AttributeValue].self, forKey: .customAttributes)
    }
}

extension SynapUser: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.identifier("id", or: "objectId")
        name = try object.optional("name")
        email = try object.required("email")
        subPortalId = try object.optional("subPortalId")
        customAttributes = try object.optional("customAttributes")
    }
}

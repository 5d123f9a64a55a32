import JSONSyntax

/// `user.addedToGroup`: a user was added to a user group (synap-events.md §3.11).
///
/// The top-level fields describe the group ([INFERENCE]); `user` is the member added. Required:
/// `user` (id, email), the group's `objectId` (or `id`) and `name`.
public struct UserAddedToGroup: SynapEventPayload {
    /// `user.addedToGroup`.
    public static let kind = EventKind.userAddedToGroup
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The group's id. Required.
    public let objectId: String
    /// The group's name. Required.
    public let name: String
    /// Members in the group.
    public let totalUsers: Double?
    /// The group's description.
    public let description: String?
    /// Whether this is the portal's default group.
    public let isDefaultGroup: Bool?
    /// The kind of users in the group (values undocumented).
    public let userType: String?
    /// The group's moderators.
    public let moderators: [ObjectRef]?
    /// When the user was added.
    public let dateAdded: SynapTimestamp?
    /// The user added.
    public let user: SynapUser

    enum CodingKeys: String, CodingKey {
        case portal, meta, objectId, name, totalUsers, description, isDefaultGroup, userType, moderators
        case dateAdded, user
    }

    /// Decodes the payload, reading the group's id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        portal = try container.decodeIfPresent(Portal.self, forKey: .portal)
        meta = try container.decodeIfPresent(EventMeta.self, forKey: .meta)
        objectId = try decoder.identifier("objectId", or: "id")
        name = try container.decode(String.self, forKey: .name)
        totalUsers = try container.decodeIfPresent(Double.self, forKey: .totalUsers)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        isDefaultGroup = try container.decodeIfPresent(Bool.self, forKey: .isDefaultGroup)
        userType = try container.decodeIfPresent(String.self, forKey: .userType)
        moderators = try container.decodeIfPresent([ObjectRef].self, forKey: .moderators)
        dateAdded = try container.decodeIfPresent(SynapTimestamp.self, forKey: .dateAdded)
        user = try container.decode(SynapUser.self, forKey: .user)
    }

    /// The user added; time from `meta.timestamp`, else `dateAdded`.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: user, times: [meta?.timestamp, dateAdded])
    }
}

extension UserAddedToGroup: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        objectId = try object.identifier("objectId", or: "id")
        name = try object.required("name")
        totalUsers = try object.optional("totalUsers")
        description = try object.optional("description")
        isDefaultGroup = try object.optional("isDefaultGroup")
        userType = try object.optional("userType")
        moderators = try object.optional("moderators")
        dateAdded = try object.optional("dateAdded")
        user = try object.required("user")
    }
}

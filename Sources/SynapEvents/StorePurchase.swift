import JSONSyntax

/// Store Purchase (Legacy; code undocumented, ours is `store.purchase`): a user bought something in
/// the Synap store (synap-events.md §3.15). No `meta`; `user` has no `customAttributes`.
///
/// Required: `user` (id, email), the item's `objectId` (or `id`) and `title`.
public struct StorePurchase: SynapEventPayload {
    /// `store.purchase` (our name).
    public static let kind = EventKind.storePurchase
    /// The buyer.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// The store item's id ([INFERENCE]). Required.
    public let objectId: String
    /// The store item's title. Required.
    public let title: String
    /// What the purchase unlocked.
    public let unlockActions: [UnlockAction]?
    /// How it was paid for (values undocumented).
    public let purchaseMethod: String?
    /// The item's short description.
    public let shortDescription: String?
    /// When the purchase was made.
    public let purchasedAt: SynapTimestamp?

    enum CodingKeys: String, CodingKey {
        case user, portal, objectId, title, unlockActions, purchaseMethod, shortDescription, purchasedAt
    }

    /// Decodes the payload, reading the item's id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.decode(SynapUser.self, forKey: .user)
        portal = try container.decodeIfPresent(Portal.self, forKey: .portal)
        objectId = try decoder.identifier("objectId", or: "id")
        title = try container.decode(String.self, forKey: .title)
        unlockActions = try container.decodeIfPresent([UnlockAction].self, forKey: .unlockActions)
        purchaseMethod = try container.decodeIfPresent(String.self, forKey: .purchaseMethod)
        shortDescription = try container.decodeIfPresent(String.self, forKey: .shortDescription)
        purchasedAt = try container.decodeIfPresent(SynapTimestamp.self, forKey: .purchasedAt)
    }

    /// The buyer; time from `purchasedAt`. The item's title is not a test title.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: user, times: [purchasedAt])
    }
}

extension StorePurchase: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        objectId = try object.identifier("objectId", or: "id")
        title = try object.required("title")
        unlockActions = try object.optional("unlockActions")
        purchaseMethod = try object.optional("purchaseMethod")
        shortDescription = try object.optional("shortDescription")
        purchasedAt = try object.optional("purchasedAt")
    }
}

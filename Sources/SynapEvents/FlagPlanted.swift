import JSONSyntax

/// `flag.planted`: a user planted a flag on a question (synap-events.md §3.14). No `meta`.
///
/// Required: the flag's `objectId` (or `id`), `planter` (id, email) and `question` (`objectId`).
/// `test` is read from `{ objectId, title }` (or `{ id, title }`) and is optional: a flag on a
/// question outside a test is conceivable, and the flag is identified without it.
public struct FlagPlanted: SynapEventPayload {
    /// `flag.planted`.
    public static let kind = EventKind.flagPlanted
    /// The portal.
    public let portal: Portal?
    /// The flag's id ([INFERENCE]). Required.
    public let objectId: String
    /// The user who planted the flag.
    public let planter: SynapUser
    /// The planter's comment.
    public let comment: String?
    /// When the flag was planted.
    public let createdAt: SynapTimestamp?
    /// The question flagged.
    public let question: FlaggedQuestion
    /// The test the question was met in.
    public let test: TestRef?

    enum CodingKeys: String, CodingKey {
        case portal, objectId, planter, comment, createdAt, question, test
    }

    /// Decodes the payload, reading the flag's id from `objectId` or `id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        portal = try container.decodeIfPresent(Portal.self, forKey: .portal)
        objectId = try decoder.identifier("objectId", or: "id")
        planter = try container.decode(SynapUser.self, forKey: .planter)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
        createdAt = try container.decodeIfPresent(SynapTimestamp.self, forKey: .createdAt)
        question = try container.decode(FlaggedQuestion.self, forKey: .question)
        test = try container.decodeIfPresent(TestRef.self, forKey: .test)
    }

    /// The planter and the test; time from `createdAt`.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: planter, testTitle: test?.title, times: [createdAt])
    }
}

extension FlagPlanted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        portal = try object.optional("portal")
        objectId = try object.identifier("objectId", or: "id")
        planter = try object.required("planter")
        comment = try object.optional("comment")
        createdAt = try object.optional("createdAt")
        question = try object.required("question")
        test = try object.optional("test")
    }
}

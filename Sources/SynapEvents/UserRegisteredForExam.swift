import JSONSyntax

/// `user.registeredForExam`: a user was registered for an exam (synap-events.md §3.12).
///
/// The published interface is malformed (§7.8): `userGroup` is a sibling of `exam` by indentation
/// but inside it by brace count, so both places are read. Required: `user` (id, email) and `exam`
/// (`objectId` or `id`, `name`).
public struct UserRegisteredForExam: SynapEventPayload {
    /// `user.registeredForExam`.
    public static let kind = EventKind.userRegisteredForExam
    /// The user registered.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The exam, with its schedule.
    public let exam: ScheduledExam
    /// The group through which the user was registered, when sent at the top level.
    public let userGroup: UserGroupRef?

    /// The user group, wherever it was sent.
    public var resolvedUserGroup: UserGroupRef? { userGroup ?? exam.userGroup }

    /// The user and the exam; time from `meta.timestamp`.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: user, examName: exam.name, times: [meta?.timestamp])
    }
}

extension UserRegisteredForExam: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        exam = try object.required("exam")
        userGroup = try object.optional("userGroup")
    }
}

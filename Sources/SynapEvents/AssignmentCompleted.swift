import JSONSyntax

/// `assignment.completed` (also spelt `assignment.complete`, §7.9): a user completed an assignment
/// (synap-events.md §3.13).
///
/// Required: `user` (id, email) and `assignment` (`objectId` or `id`, `name`). `assignmentGroup`
/// is context, so optional.
public struct AssignmentCompleted: SynapEventPayload {
    /// `assignment.completed`.
    public static let kind = EventKind.assignmentCompleted
    /// The user who completed it.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The assignment.
    public let assignment: AssignmentRef
    /// The group the assignment was set to.
    public let assignmentGroup: ObjectRef?

    /// The user; time from `meta.timestamp`. The assignment's name is not a test title, so
    /// `testTitle` stays nil.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: user, times: [meta?.timestamp])
    }
}

extension AssignmentCompleted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        assignment = try object.required("assignment")
        assignmentGroup = try object.optional("assignmentGroup")
    }
}

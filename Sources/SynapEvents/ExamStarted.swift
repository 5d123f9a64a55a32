import JSONSyntax

/// `exam.started`: a user's exam attempt was started (synap-events.md §3.4; seeds/004).
///
/// Required: `user` (id, email), `test` (id, title), `exam` (id, name), `attempt.id`.
/// `exam.userGroup` is required by this page but optional-membered elsewhere (§7.3), so it is
/// optional, and a top-level `userGroup` is read too.
public struct ExamStarted: SynapEventPayload {
    /// `exam.started`.
    public static let kind = EventKind.examStarted
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// `{ timestamp, eventName: "exam.started" }`.
    public let meta: EventMeta?
    /// The portal.
    public let portal: Portal?
    /// The candidate.
    public let user: SynapUser
    /// The exam paper's test.
    public let test: TestRef
    /// The exam.
    public let exam: ExamDetails
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// The attempt (started subset).
    public let attempt: AttemptRecord
    /// The user group, should it be sent at the top level as in exam.completed.
    public let userGroup: UserGroupRef?

    /// The user group, wherever it was sent.
    public var resolvedUserGroup: UserGroupRef? { userGroup ?? exam.userGroup }

    /// Candidate, attempt, test and exam; time from `meta.timestamp`, else `timeStarted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title, examName: exam.name,
            times: [meta?.timestamp, timeStarted, attempt.timeStarted])
    }
}

extension ExamStarted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.optional("id")
        meta = try object.optional("meta")
        portal = try object.optional("portal")
        user = try object.required("user")
        test = try object.required("test")
        exam = try object.required("exam")
        timeStarted = try object.optional("timeStarted")
        attempt = try object.required("attempt")
        userGroup = try object.optional("userGroup")
    }
}

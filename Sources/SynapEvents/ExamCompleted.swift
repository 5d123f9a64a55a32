import JSONSyntax

/// `exam.completed`: an exam attempt was completed, marking included (synap-events.md §3.6).
///
/// Required: `user` (id, email), `test` (id, title), `exam` (id, name), `attempt.id`.
/// `userGroup` is documented at the top level here but under `exam` in exam.submitted and
/// exam.started (§7.3); both are read and `resolvedUserGroup` returns whichever came.
public struct ExamCompleted: SynapEventPayload {
    /// `exam.completed`.
    public static let kind = EventKind.examCompleted
    /// The candidate.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The attempt, with `grade` and `gradeCriteria` where the exam is graded.
    public let attempt: AttemptRecord
    /// The exam paper's test.
    public let test: TestRef
    /// The exam.
    public let exam: ExamDetails
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?
    /// The certificate awarded, if any.
    public let certificate: Certificate?
    /// The user group, as documented for this event (top level).
    public let userGroup: UserGroupRef?

    /// The user group, wherever it was sent.
    public var resolvedUserGroup: UserGroupRef? { userGroup ?? exam.userGroup }

    /// Candidate, attempt, test, exam and score; time from `meta.timestamp`, else `timeCompleted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title, examName: exam.name,
            score: attempt.score, scoreFrac: attempt.scoreFrac,
            times: [meta?.timestamp, timeCompleted, attempt.timeCompleted])
    }
}

extension ExamCompleted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        attempt = try object.required("attempt")
        test = try object.required("test")
        exam = try object.required("exam")
        id = try object.optional("id")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
        certificate = try object.optional("certificate")
        userGroup = try object.optional("userGroup")
    }
}

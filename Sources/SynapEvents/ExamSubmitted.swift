import JSONSyntax

/// `exam.submitted`: a user submitted an exam attempt (synap-events.md §3.5).
///
/// Required: `user` (id, email), `test` (id, title), `exam` (id, name), `attempt.id`. Marks and
/// scores are optional: Synap includes them only when the exam could be marked automatically.
/// `userGroup` is documented under `exam` here but at the top level in exam.completed (§7.3); both
/// are read.
public struct ExamSubmitted: SynapEventPayload {
    /// `exam.submitted`.
    public static let kind = EventKind.examSubmitted
    /// The candidate.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The attempt.
    public let attempt: AttemptRecord
    /// The exam paper's test.
    public let test: TestRef
    /// The exam.
    public let exam: ExamDetails
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was submitted.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?
    /// The user group, when sent at the top level.
    public let userGroup: UserGroupRef?

    /// The user group, wherever it was sent.
    public var resolvedUserGroup: UserGroupRef? { userGroup ?? exam.userGroup }

    /// Candidate, attempt, test, exam and any score; time from `meta.timestamp`, else `timeCompleted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title, examName: exam.name,
            score: attempt.score, scoreFrac: attempt.scoreFrac,
            times: [meta?.timestamp, timeCompleted, attempt.timeCompleted])
    }
}

extension ExamSubmitted: JSONValueReadable {
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
        userGroup = try object.optional("userGroup")
    }
}

import JSONSyntax

/// Exam Results Released (code undocumented; ours is `exam.resultsReleased`): a user's exam results
/// were released (synap-events.md §3.7).
///
/// The page is [CUT] after `exam.userGroup.id`. Required: `user` (id, email), `test` (id, title),
/// `exam` (id, name), `attempt.id`. This page types `Marks`, `grade` and `gradeCriteria` as
/// required, but other pages make them optional (§7.4, §7.5), so they are optional here too.
/// `userGroup` and `certificate` are read at the top level in case the cut tail has them.
public struct ExamResultsReleased: SynapEventPayload {
    /// `exam.resultsReleased` (our name).
    public static let kind = EventKind.examResultsReleased
    /// The candidate (with `subPortalId`).
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp, eventName }`; the value of `eventName` is undocumented.
    public let meta: EventMeta?
    /// The attempt, with moderation, audit and grade fields.
    public let attempt: AttemptRecord
    /// The exam paper's test.
    public let test: TestRef
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?
    /// The exam, with its custom `attr`.
    public let exam: ExamDetails
    /// The user group, should it be sent at the top level ([CUT] page).
    public let userGroup: UserGroupRef?
    /// The certificate, should the cut tail carry one ([INFERENCE]).
    public let certificate: Certificate?

    /// The user group, wherever it was sent.
    public var resolvedUserGroup: UserGroupRef? { userGroup ?? exam.userGroup }

    /// Candidate, attempt, test, exam and score; time from `meta.timestamp`, else
    /// `attempt.audit.releasedAt`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title, examName: exam.name,
            score: attempt.score, scoreFrac: attempt.scoreFrac,
            times: [meta?.timestamp, attempt.audit?.releasedAt])
    }
}

extension ExamResultsReleased: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        attempt = try object.required("attempt")
        test = try object.required("test")
        id = try object.optional("id")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
        exam = try object.required("exam")
        userGroup = try object.optional("userGroup")
        certificate = try object.optional("certificate")
    }
}

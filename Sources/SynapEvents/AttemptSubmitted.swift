import JSONSyntax

/// `attempt.submitted`: a user submitted an attempt on any test (synap-events.md §3.2).
///
/// The page is [CUT] inside `attempt.state.results`, so only `user` (id, email) and `attempt.id`
/// are required; `test` and the top-level times are read when present, as the rest presumably
/// mirrors exam.submitted. Scores are present only when the attempt was marked automatically.
public struct AttemptSubmitted: SynapEventPayload {
    /// `attempt.submitted`.
    public static let kind = EventKind.attemptSubmitted
    /// The candidate.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The attempt.
    public let attempt: AttemptRecord
    /// The test attempted ([CUT]: presumed, as in exam.submitted).
    public let test: TestRef?
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was submitted.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?

    /// Candidate, attempt, test and any score; time from `meta.timestamp`, else `timeCompleted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test?.title,
            score: attempt.score, scoreFrac: attempt.scoreFrac,
            times: [meta?.timestamp, timeCompleted, attempt.timeCompleted, attempt.state?.timeCompleted])
    }
}

extension AttemptSubmitted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        attempt = try object.required("attempt")
        test = try object.optional("test")
        id = try object.optional("id")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
    }
}

import JSONSyntax

/// `attempt.started`: a user's attempt on any test was started (synap-events.md §3.3).
///
/// Required: `user` (id, email), `test` (id, title), `attempt.id`. The page's interface is
/// misnamed `AttemptCompletedWebhookBody` (§7.1); the fields are those of a started attempt.
public struct AttemptStarted: SynapEventPayload {
    /// `attempt.started`.
    public static let kind = EventKind.attemptStarted
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// `{ timestamp, eventName: "attempt.started" }`.
    public let meta: EventMeta?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// The candidate.
    public let user: SynapUser
    /// The test attempted.
    public let test: TestRef
    /// The portal.
    public let portal: Portal?
    /// The attempt (started subset: id, isExam, state, totalQuestions, tags, timeStarted).
    public let attempt: AttemptRecord

    /// Candidate, attempt and test; time from `meta.timestamp`, else `timeStarted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title,
            times: [meta?.timestamp, timeStarted, attempt.timeStarted])
    }
}

extension AttemptStarted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        id = try object.optional("id")
        meta = try object.optional("meta")
        timeStarted = try object.optional("timeStarted")
        user = try object.required("user")
        test = try object.required("test")
        portal = try object.optional("portal")
        attempt = try object.required("attempt")
    }
}

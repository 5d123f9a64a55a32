import JSONSyntax

/// `attempt.completed`: an attempt on any test was completed, marking included
/// (synap-events.md §3.1; seeds/000).
///
/// Required: `user` (id, email), `test` (id, title), `attempt.id`: who, on what, which attempt.
/// Scores, marks, times and state are optional, so a drifting detail does not quarantine the
/// event; a value of the wrong type still fails.
public struct AttemptCompleted: SynapEventPayload {
    /// `attempt.completed`.
    public static let kind = EventKind.attemptCompleted
    /// The candidate.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp }` only.
    public let meta: EventMeta?
    /// The certificate awarded, if any.
    public let certificate: Certificate?
    /// The attempt.
    public let attempt: AttemptRecord
    /// The test attempted.
    public let test: TestRef
    /// Top-level id ([INFERENCE] the attempt id again).
    public let id: String?
    /// Score (duplicates `attempt.score`).
    public let score: Double?
    /// Score as a fraction (duplicates `attempt.scoreFrac`).
    public let scoreFrac: Double?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?

    /// Candidate, attempt, test and score (top-level, else `attempt.score`); time from
    /// `meta.timestamp`, else `timeCompleted`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: user, attemptId: attempt.id, testTitle: test.title,
            score: score ?? attempt.score, scoreFrac: scoreFrac ?? attempt.scoreFrac,
            times: [meta?.timestamp, timeCompleted, attempt.timeCompleted])
    }
}

extension AttemptCompleted: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        certificate = try object.optional("certificate")
        attempt = try object.required("attempt")
        test = try object.required("test")
        id = try object.optional("id")
        score = try object.optional("score")
        scoreFrac = try object.optional("scoreFrac")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
    }
}

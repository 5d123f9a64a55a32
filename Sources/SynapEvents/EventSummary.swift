/// The key facts of an event, the same for every kind: what the log line prints, what an exec
/// handler exports as environment variables, and what filters match on.
///
/// Every field but `kind` is optional: each is filled when the event has it (see each event
/// type's `summary` for where a field comes from). `occurredAt` is the event's own time as sent:
/// `meta.timestamp` when present, otherwise the event's natural time field.
public struct EventSummary: Sendable, Equatable, Codable {
    /// The event's kind.
    public var kind: EventKind
    /// The attempt the event is about.
    public var attemptId: String?
    /// The user the event is about (the candidate, registrant, planter or buyer).
    public var userId: String?
    /// That user's email address.
    public var userEmail: String?
    /// That user's name.
    public var userName: String?
    /// The test's title.
    public var testTitle: String?
    /// The exam's name.
    public var examName: String?
    /// The score (attempt score, overridden score, learning-record score).
    public var score: Double?
    /// The score as a fraction, where Synap sends one.
    public var scoreFrac: Double?
    /// The event's own time, as sent.
    public var occurredAt: String?

    /// Creates a summary.
    public init(
        kind: EventKind, attemptId: String? = nil, userId: String? = nil, userEmail: String? = nil,
        userName: String? = nil, testTitle: String? = nil, examName: String? = nil, score: Double? = nil,
        scoreFrac: Double? = nil, occurredAt: String? = nil
    ) {
        self.kind = kind
        self.attemptId = attemptId
        self.userId = userId
        self.userEmail = userEmail
        self.userName = userName
        self.testTitle = testTitle
        self.examName = examName
        self.score = score
        self.scoreFrac = scoreFrac
        self.occurredAt = occurredAt
    }

    /// Creates a summary about `user`, taking the first time that is present.
    init(
        kind: EventKind, user: SynapUser?, attemptId: String? = nil, testTitle: String? = nil,
        examName: String? = nil, score: Double? = nil, scoreFrac: Double? = nil, times: [SynapTimestamp?]
    ) {
        self.init(
            kind: kind, attemptId: attemptId, userId: user?.id, userEmail: user?.email, userName: user?.name,
            testTitle: testTitle, examName: examName, score: score, scoreFrac: scoreFrac,
            occurredAt: times.lazy.compactMap { $0?.raw }.first)
    }
}

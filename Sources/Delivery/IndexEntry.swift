/// What the event index keeps of one event: enough to list it, find it by its learner, and
/// read it back from the journal, without reading the journal.
public struct IndexEntry: Sendable, Equatable {
    public let id: EventID
    public let receivedAt: Int64
    /// Where its record is in the journal (its segment is the index file's own).
    public let offset: Int
    public let route: String
    /// The event's kind as decoded (`attempt.completed`), or the route's kind when it was not.
    public let kind: String
    public let learnerName: String?
    public let learnerEmail: String?
    /// The test's title or the exam's name.
    public let title: String?
    public let score: String?
    /// Keyed hashes of what a search may name: the learner's email, name and id, the attempt id.
    public let tokens: [UInt64]

    public init(
        id: EventID, receivedAt: Int64, offset: Int, route: String, kind: String, learnerName: String?, learnerEmail: String?,
        title: String?, score: String?, tokens: [UInt64]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.offset = offset
        self.route = route
        self.kind = kind
        self.learnerName = learnerName
        self.learnerEmail = learnerEmail
        self.title = title
        self.score = score
        self.tokens = tokens
    }
}

/// One change of an event's state with one handler, as the index keeps it for the event's
/// timeline (the journal holds the same change whole).
public struct IndexChange: Sendable, Equatable {
    public let id: EventID
    /// The handler, or nil for the event as a whole (quarantine).
    public let handler: String?
    /// What the change was: a handler status (`delivered`, `retrying`, ...) or `quarantined`,
    /// `released`, `duplicate`.
    public let what: String
    public let attempt: Int
    public let at: Int64
    public let statusCode: Int?
    /// The error, reason or note, cut to `IndexChange.detailLimit` bytes.
    public let detail: String

    static let detailLimit = 400

    public init(id: EventID, handler: String?, what: String, attempt: Int, at: Int64, statusCode: Int?, detail: String) {
        self.id = id
        self.handler = handler
        self.what = what
        self.attempt = attempt
        self.at = at
        self.statusCode = statusCode
        self.detail = detail
    }

    init(_ transition: Transition) {
        var attempt = 0, statusCode: Int?, detail = ""
        let what: String
        switch transition.change {
        case .pending(let note): (what, detail) = ("pending", note)
        case .retrying(let a, _, let error, let code): (what, attempt, detail, statusCode) = ("retrying", a, error, code)
        case .delivered(let a, let text): (what, attempt, detail) = ("delivered", a, text)
        case .filteredOut: what = "filtered-out"
        case .dead(let a, let reason, let code): (what, attempt, detail, statusCode) = ("dead", a, reason, code)
        case .resolved(let note): (what, detail) = ("resolved", note)
        case .expired: what = "expired"
        case .restated(let progress): (what, attempt, detail, statusCode) = (progress.status.description, progress.attempts, progress.lastError ?? "", progress.lastStatusCode)
        case .quarantined(let reason): (what, detail) = ("quarantined", reason)
        case .released(let note): (what, detail) = ("released", note)
        case .duplicate(let original): (what, detail) = ("duplicate", "a duplicate of \(original)")
        }
        self.init(
            id: transition.id, handler: transition.handler, what: what, attempt: attempt, at: transition.at, statusCode: statusCode,
            detail: String(decoding: detail.utf8.prefix(Self.detailLimit), as: UTF8.self))
    }
}

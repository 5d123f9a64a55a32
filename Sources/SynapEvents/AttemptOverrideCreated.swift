import JSONSyntax

/// `attemptOverride.created`: an attempt's results were overridden, or an override reverted
/// (synap-events.md §3.8). `meta.eventName` is written unquoted in the docs (§7.7); it arrives as
/// the string "attemptOverride.created".
///
/// Required: `user` (id, email), `actionType` and `attempt.id`: who changed which attempt, how.
/// The four value changes and `exam` are optional.
public struct AttemptOverrideCreated: SynapEventPayload {
    /// `attemptOverride.created`.
    public static let kind = EventKind.attemptOverrideCreated
    /// [INFERENCE] Whoever made the override; the candidate is `attempt.user`.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp, eventName }`.
    public let meta: EventMeta?
    /// What was done (values undocumented; presumably override or revert).
    public let actionType: String
    /// Change to credits.
    public let credits: ValueChange?
    /// Change to penalties.
    public let penalties: ValueChange?
    /// Change to the score.
    public let score: ValueChange?
    /// Change to points.
    public let points: ValueChange?
    /// The exam (`{ id }` only).
    public let exam: ObjectRef?
    /// The attempt and its candidate.
    public let attempt: OverriddenAttempt

    /// The candidate (`attempt.user`, not the overrider), attempt and new score; time from
    /// `meta.timestamp`.
    public var summary: EventSummary {
        EventSummary(
            kind: Self.kind, user: attempt.user, attemptId: attempt.id, score: score?.newValue,
            times: [meta?.timestamp])
    }
}

extension AttemptOverrideCreated: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        actionType = try object.required("actionType")
        credits = try object.optional("credits")
        penalties = try object.optional("penalties")
        score = try object.optional("score")
        points = try object.optional("points")
        exam = try object.optional("exam")
        attempt = try object.required("attempt")
    }
}

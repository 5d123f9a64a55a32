import JSONSyntax

/// `learningRecord.created`: a learning record was created (synap-events.md §3.16).
///
/// The page is [CUT] and shows only an example payload, no interface. Required: `user` (id, email)
/// and `learningRecord` (`objectId`, `name`); everything else is inferred and optional.
public struct LearningRecordCreated: SynapEventPayload {
    /// `learningRecord.created`.
    public static let kind = EventKind.learningRecordCreated
    /// The learner.
    public let user: SynapUser
    /// The portal.
    public let portal: Portal?
    /// `{ timestamp, eventName: "learningRecord.created" }`.
    public let meta: EventMeta?
    /// The record.
    public let learningRecord: LearningRecord

    /// The learner and the record's score; time from `meta.timestamp`. `achievedOn` is when the
    /// learning happened, not when the record was created, so it is not used.
    public var summary: EventSummary {
        EventSummary(kind: Self.kind, user: user, score: learningRecord.score, times: [meta?.timestamp])
    }
}

extension LearningRecordCreated: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        user = try object.required("user")
        portal = try object.optional("portal")
        meta = try object.optional("meta")
        learningRecord = try object.required("learningRecord")
    }
}

import JSONSyntax

/// The `attempt.state` block: progress, timing and marking status of an attempt.
///
/// Started events send only the first four fields; submitted and completed events add timing,
/// `sections` and `results`; exam.completed and Exam Results Released add `deferred` and
/// `instructions`. Everything is optional: none of it identifies the attempt.
public struct AttemptState: Sendable, Equatable, Codable {
    /// Pairs of ids linking responses and questions (typed `string[][]`, meaning undocumented).
    public let responseQuestionMap: [[String]]?
    /// Whether the attempt was revoked.
    public let isRevoked: Bool?
    /// Whether the attempt has started.
    public let isStarted: Bool?
    /// Per-section progress (submitted and completed events).
    public let sections: AttemptSections?
    /// The instructions page's progress (Exam Results Released).
    public let instructions: InstructionsState?
    /// When the attempt started.
    public let timeStarted: SynapTimestamp?
    /// When the attempt was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent, in milliseconds.
    public let timeSpentInMs: Double?
    /// Marking status.
    public let results: AttemptResults?
    /// Whether results are held back (exam.completed, Exam Results Released).
    public let deferred: DeferredState?
}

extension AttemptState: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        responseQuestionMap = try object.optional("responseQuestionMap")
        isRevoked = try object.optional("isRevoked")
        isStarted = try object.optional("isStarted")
        sections = try object.optional("sections")
        instructions = try object.optional("instructions")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
        results = try object.optional("results")
        deferred = try object.optional("deferred")
    }
}

import JSONSyntax

/// One entry of `attempt.state.sections.items`: a section's progress and marks.
/// All members optional: a section that drifts should not hold back the whole event.
public struct AttemptSection: Sendable, Equatable, Codable {
    /// The section's id.
    public let sectionId: String?
    /// Ids of the responses in this section.
    public let responseIds: [String]?
    /// Whether the section is open.
    public let isOpen: Bool?
    /// Whether the section is unlocked.
    public let isUnlocked: Bool?
    /// Whether the section is completed.
    public let isCompleted: Bool?
    /// Questions completed in this section.
    public let totalQuestionsCompleted: Double?
    /// Questions skipped in this section.
    public let totalQuestionsSkipped: Double?
    /// The section's marks.
    public let marks: Marks?
    /// When the section was started.
    public let timeStarted: SynapTimestamp?
    /// When the section was completed.
    public let timeCompleted: SynapTimestamp?
    /// Time spent in the section, in milliseconds.
    public let timeSpentInMs: Double?
    /// The section's score.
    public let score: Double?
    /// The section's score as a fraction.
    public let scoreFrac: Double?
    /// Questions answered correctly in this section.
    public let totalCorrect: Double?
}

extension AttemptSection: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        sectionId = try object.optional("sectionId")
        responseIds = try object.optional("responseIds")
        isOpen = try object.optional("isOpen")
        isUnlocked = try object.optional("isUnlocked")
        isCompleted = try object.optional("isCompleted")
        totalQuestionsCompleted = try object.optional("totalQuestionsCompleted")
        totalQuestionsSkipped = try object.optional("totalQuestionsSkipped")
        marks = try object.optional("marks")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
        score = try object.optional("score")
        scoreFrac = try object.optional("scoreFrac")
        totalCorrect = try object.optional("totalCorrect")
    }
}

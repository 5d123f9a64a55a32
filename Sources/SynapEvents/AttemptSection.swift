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

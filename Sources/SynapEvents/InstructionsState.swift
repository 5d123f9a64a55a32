/// `attempt.state.instructions`: progress through the instructions page (Exam Results Released).
public struct InstructionsState: Sendable, Equatable, Codable {
    /// Whether the instructions were unlocked.
    public let isUnlocked: Bool?
    /// Whether the candidate moved past the instructions.
    public let didProgress: Bool?
    /// When the candidate opened the instructions.
    public let timeStarted: SynapTimestamp?
    /// When the candidate left the instructions.
    public let timeCompleted: SynapTimestamp?
    /// Time spent on the instructions, in milliseconds.
    public let timeSpentInMs: Double?
}

import JSONSyntax

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

extension InstructionsState: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        isUnlocked = try object.optional("isUnlocked")
        didProgress = try object.optional("didProgress")
        timeStarted = try object.optional("timeStarted")
        timeCompleted = try object.optional("timeCompleted")
        timeSpentInMs = try object.optional("timeSpentInMs")
    }
}

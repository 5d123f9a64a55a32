/// The `attempt.gradeCriteria` block: the grade bands the exam uses.
public struct GradeCriteria: Sendable, Equatable, Codable {
    /// The bands, as listed by Synap.
    public let grades: [Grade]?
}

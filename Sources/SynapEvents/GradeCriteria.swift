import JSONSyntax

/// The `attempt.gradeCriteria` block: the grade bands the exam uses.
public struct GradeCriteria: Sendable, Equatable, Codable {
    /// The bands, as listed by Synap.
    public let grades: [Grade]?
}

extension GradeCriteria: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        grades = try object.optional("grades")
    }
}
